using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Municipal.Notifications.Application;

public sealed record InboxItemView(
    Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? TraceId)
{
    public static InboxItemView From(InboxItem i) => new(i.Id, i.Kind, i.Title, i.Body, i.Link, i.CreatedAt, i.ReadAt, i.TraceId);
}

/// <summary>A page of an inbox, with how many of all its entries are unread.</summary>
public sealed record InboxPage(IReadOnlyList<InboxItemView> Items, int Total, int Unread);

public sealed record UnreadCount(int Unread);

/// <summary>The server-sent events of an inbox: <c>notification</c>, <c>unread</c> and <c>ping</c>.</summary>
public sealed record InboxStream(IAsyncEnumerable<SseItem<object>> Events);

/// <summary>
/// The in-app inbox: each person reads only their own (by the token's subject); staff may also read the shared
/// inbox of their division and the registry's (<see cref="Mailboxes"/>, <see cref="InboxAccess"/>).
/// </summary>
public sealed class InboxService(NotificationsDbContext db, InboxBroadcaster inboxes, IOptions<InboxOptions> options, TimeProvider time)
{
    /// <summary>Unread first, newest first.</summary>
    public async Task<Result<InboxPage>> ListAsync(Caller caller, string? mailbox, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!;
        }

        var box = Mailboxes.Resolve(caller, mailbox);
        if (!box.Succeeded)
        {
            return box.Refusal!;
        }

        var mine = box.Value!.Filter(db.InboxItems.AsNoTracking());
        var total = await mine.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(i => i.ReadAt == null, cancellationToken);
        var items = await paging.Value.Of(mine
                .OrderBy(i => i.ReadAt == null ? 0 : 1).ThenByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id))
            .ToListAsync(cancellationToken);
        return new InboxPage(items.Select(InboxItemView.From).ToList(), total, unread);
    }

    public async Task<Result<UnreadCount>> UnreadCountAsync(Caller caller, string? mailbox, CancellationToken cancellationToken)
    {
        var box = Mailboxes.Resolve(caller, mailbox);
        if (!box.Succeeded)
        {
            return box.Refusal!;
        }

        return new UnreadCount(await box.Value!.Filter(db.InboxItems).CountAsync(i => i.ReadAt == null, cancellationToken));
    }

    /// <summary>Marks an entry read (again is harmless). An entry the caller may not read is answered as if it did not exist.</summary>
    public async Task<Result<InboxItemView>> MarkReadAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var item = await db.InboxItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null || !InboxAccess.MayRead(caller, item))
        {
            return Refusal.NotFound("No such notification.");
        }

        if (item.ReadAt is null)
        {
            item.MarkRead(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            inboxes.Notify(item.Owner);
        }

        return InboxItemView.From(item);
    }

    /// <summary>
    /// Marks every unread entry of an inbox read in one statement (again is harmless): a person who comes back to 27
    /// unread notices does not tap 27 times. The count that remains (none, unless one arrived meanwhile) is the answer.
    /// </summary>
    public async Task<Result<UnreadCount>> MarkAllReadAsync(Caller caller, string? mailbox, CancellationToken cancellationToken)
    {
        var box = Mailboxes.Resolve(caller, mailbox);
        if (!box.Succeeded)
        {
            return box.Refusal!;
        }

        var now = time.GetUtcNow();
        var marked = await box.Value!.Filter(db.InboxItems).Where(i => i.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReadAt, now), cancellationToken);
        if (marked > 0)
        {
            inboxes.Notify(box.Value.Owner);
        }

        return new UnreadCount(await box.Value.Filter(db.InboxItems).CountAsync(i => i.ReadAt == null, cancellationToken));
    }

    /// <summary>
    /// The live stream of an inbox: the unread count first, then each new entry as it is written (after
    /// <paramref name="resumeAfter"/> when given), and the count again when it changes.
    /// </summary>
    public Result<InboxStream> Stream(Caller caller, string? mailbox, Guid? resumeAfter, CancellationToken cancellationToken)
    {
        var box = Mailboxes.Resolve(caller, mailbox);
        return box.Succeeded ? new InboxStream(Events(box.Value!, resumeAfter, cancellationToken)) : box.Refusal!;
    }

    /// <summary>Woken at once by this process's writes; looks every poll interval for writes of others.</summary>
    private async IAsyncEnumerable<SseItem<object>> Events(Mailbox box, Guid? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var subscription = inboxes.Subscribe(box.Owner);
        var since = time.GetUtcNow();
        var seenAtSince = new HashSet<Guid>();
        if (resumeAfter is { } after
            && await box.Filter(db.InboxItems.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == after, cancellationToken) is { } resumed)
        {
            since = resumed.CreatedAt;
            seenAtSince.Add(resumed.Id);
        }

        int? unread = null;
        var lastWrite = time.GetUtcNow();
        var wait = settings.StreamPollInterval < settings.StreamHeartbeat ? settings.StreamPollInterval : settings.StreamHeartbeat;
        while (!cancellationToken.IsCancellationRequested)
        {
            var fresh = await box.Filter(db.InboxItems.AsNoTracking())
                .Where(i => i.CreatedAt >= since)
                .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
                .Take(100)
                .ToListAsync(cancellationToken);
            foreach (var item in fresh.Where(i => !seenAtSince.Contains(i.Id)))
            {
                if (item.CreatedAt > since)
                {
                    since = item.CreatedAt;
                    seenAtSince.Clear();
                }

                seenAtSince.Add(item.Id);
                lastWrite = time.GetUtcNow();
                yield return new SseItem<object>(InboxItemView.From(item), "notification") { EventId = item.Id.ToString() };
            }

            var count = await box.Filter(db.InboxItems.AsNoTracking()).CountAsync(i => i.ReadAt == null, cancellationToken);
            if (count != unread)
            {
                unread = count;
                lastWrite = time.GetUtcNow();
                yield return new SseItem<object>(new UnreadCount(count), "unread");
            }

            var changed = await subscription.WaitAsync(wait, time, cancellationToken);
            if (!changed && time.GetUtcNow() - lastWrite >= settings.StreamHeartbeat)
            {
                lastWrite = time.GetUtcNow();
                yield return new SseItem<object>(new { }, "ping");
            }
        }
    }
}
