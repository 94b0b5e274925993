using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

/// <summary>
/// The in-app inbox: each person reads only their own (by the token's subject); staff may also read the
/// shared inbox of their division and the registry's (<c>?mailbox=division|registry</c>).
/// </summary>
public static class InboxApi
{
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/inbox")
            .WithTags("Inbox")
            .RequireAuthorization(Policies.SignedIn);

        api.MapGet("", ListAsync)
            .WithName("ListInbox")
            .WithSummary("The caller's own notifications (or a shared staff inbox), unread first, newest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/unread-count", UnreadCountAsync)
            .WithName("CountUnreadInbox")
            .WithSummary("How many of the caller's notifications are unread.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithName("MarkInboxItemRead")
            .WithSummary("Marks one of the caller's notifications read (again is harmless).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/stream", Stream)
            .WithName("StreamInbox")
            .WithSummary("Server-sent events: 'notification' for each new entry (id = its id; send Last-Event-ID to resume), 'unread' with the count, 'ping' to keep the line open.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }

    public sealed record InboxItemView(
        Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? TraceId)
    {
        public static InboxItemView From(InboxItem i) => new(i.Id, i.Kind, i.Title, i.Body, i.Link, i.CreatedAt, i.ReadAt, i.TraceId);
    }

    public sealed record InboxPage(IReadOnlyList<InboxItemView> Items, int Total, int Unread);

    public sealed record UnreadCount(int Unread);

    internal static async Task<Results<Ok<InboxPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 20, string? mailbox = null)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } badPaging)
        {
            return badPaging;
        }

        var (box, invalid, forbidden) = Mailbox.Resolve(user, mailbox);
        if (box is null)
        {
            return invalid is not null ? invalid : forbidden!;
        }

        var mine = box.Filter(db.InboxItems.AsNoTracking());
        var total = await mine.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(i => i.ReadAt == null, cancellationToken);
        var items = await mine
            .OrderBy(i => i.ReadAt == null ? 0 : 1).ThenByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new InboxPage(items.Select(InboxItemView.From).ToList(), total, unread));
    }

    internal static async Task<Results<Ok<UnreadCount>, ValidationProblem, ProblemHttpResult>> UnreadCountAsync(
        ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken, string? mailbox = null)
    {
        var (box, invalid, forbidden) = Mailbox.Resolve(user, mailbox);
        if (box is null)
        {
            return invalid is not null ? invalid : forbidden!;
        }

        return TypedResults.Ok(new UnreadCount(await box.Filter(db.InboxItems).CountAsync(i => i.ReadAt == null, cancellationToken)));
    }

    /// <summary>An entry the caller may not read is answered as if it did not exist.</summary>
    internal static async Task<Results<Ok<InboxItemView>, NotFound>> MarkReadAsync(
        Guid id, ClaimsPrincipal user, NotificationsDbContext db, InboxBroadcaster inboxes, TimeProvider time, CancellationToken cancellationToken)
    {
        var item = await db.InboxItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null || !MayRead(user, item))
        {
            return TypedResults.NotFound();
        }

        if (item.ReadAt is null)
        {
            item.MarkRead(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            inboxes.Notify(item.Owner);
        }

        return TypedResults.Ok(InboxItemView.From(item));
    }

    internal static Results<ServerSentEventsResult<object>, ValidationProblem, ProblemHttpResult> Stream(
        ClaimsPrincipal user, NotificationsDbContext db, InboxBroadcaster inboxes, IOptions<InboxOptions> options, TimeProvider time,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellationToken, string? mailbox = null)
    {
        var (box, invalid, forbidden) = Mailbox.Resolve(user, mailbox);
        if (box is null)
        {
            return invalid is not null ? invalid : forbidden!;
        }

        var resumeAfter = Guid.TryParse(lastEventId, out var last) ? last : (Guid?)null;
        return TypedResults.ServerSentEvents(Events(box, resumeAfter, db, inboxes, options.Value, time, cancellationToken));
    }

    private static bool MayRead(ClaimsPrincipal user, InboxItem item)
    {
        if (item.RecipientSubject is not null)
        {
            return item.RecipientSubject == user.Subject();
        }

        return item.SharedMailbox == SharedMailboxes.Registry
            ? user.IsStaff()
            : user.IsStaff() && user.Division() is { Length: > 0 } division && item.SharedMailbox == SharedMailboxes.Division(division);
    }

    /// <summary>
    /// The stream: the unread count first, then each new entry as it is written, and the count again when
    /// it changes. Woken at once by this process's writes; looks every poll interval for writes of others.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Events(
        Mailbox box, Guid? resumeAfter, NotificationsDbContext db, InboxBroadcaster inboxes, InboxOptions options, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
        var wait = options.StreamPollInterval < options.StreamHeartbeat ? options.StreamPollInterval : options.StreamHeartbeat;
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
            if (!changed && time.GetUtcNow() - lastWrite >= options.StreamHeartbeat)
            {
                lastWrite = time.GetUtcNow();
                yield return new SseItem<object>(new { }, "ping");
            }
        }
    }
}
