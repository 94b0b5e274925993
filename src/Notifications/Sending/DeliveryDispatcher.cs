using Municipal.Messaging.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using System.Diagnostics;

namespace Municipal.Notifications.Sending;

/// <summary>
/// Sends what the consumers wrote down: reads due deliveries from the database, claims them with a lease
/// (so replicas never send one twice at once; the lease is renewed, only while still held, right before each send),
/// holds LINE and SMS through quiet hours, sends, and records
/// the outcome. Transient failures come back with exponential back-off and jitter until the last try;
/// a channel that is not configured falls back to the in-app inbox. Woken right after a consumer commits;
/// polls for retries and for the end of quiet hours.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    CommitSignal<Delivery> signal,
    InboxBroadcaster inboxes,
    IEnumerable<IChannelSender> senders,
    IOptions<DeliveryOptions> deliveryOptions,
    IOptions<QuietHoursOptions> quietHoursOptions,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private readonly DeliveryOptions _options = deliveryOptions.Value;
    private readonly QuietHoursOptions _quietHours = quietHoursOptions.Value;
    private readonly Dictionary<string, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchDueAsync(stoppingToken) >= _options.BatchSize)
                {
                    continue; // more are waiting
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(ex);
            }

            await signal.WaitAsync(_options.PollInterval, time, stoppingToken);
        }
    }

    public bool IsConfigured(string channel) => channel == Contracts.ChannelCodes.InApp || (_senders.TryGetValue(channel, out var sender) && sender.State.IsConfigured);

    /// <summary>Sends every delivery that is due now; returns how many it handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<RecipientDirectory>();
        await db.Database.OpenConnectionAsync(cancellationToken); // one connection for the round's statements
        var now = time.GetUtcNow();

        var due = await db.Deliveries.AsNoTracking()
            .Where(d => (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Deferred)
                && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // Claim with one conditional update: what another dispatcher claimed first is not ours.
        var token = Guid.NewGuid();
        var leaseUntil = now + _options.LeaseDuration;
        await db.Deliveries
            .Where(d => due.Contains(d.Id) && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Deferred)
                && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockToken, token).SetProperty(d => d.LockedUntil, leaseUntil), cancellationToken);
        // By id among the due ones: LockToken has no index, and a search by it alone read the whole table (every
        // delivery ever written) at each round: a tenth of the service's CPU under load went to reading those pages.
        var claimed = await db.Deliveries.Where(d => due.Contains(d.Id) && d.LockToken == token).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).ToListAsync(cancellationToken);

        // In-app entries are rows of this database, not sends to a provider: written together, in one transaction.
        var inApp = claimed.Where(d => d.Channel == Contracts.ChannelCodes.InApp).ToList();
        var oneByOne = inApp.Count > 1 && await WriteInAppTogetherAsync(db, directory, inApp, token, cancellationToken)
            ? claimed.Except(inApp).ToList()
            : claimed;

        foreach (var delivery in oneByOne)
        {
            // Sent at most once per claim: renew the lease, only while it is still this batch's, right before the send.
            // The sends before it may have outlasted the claim's lease, and then another dispatcher may hold it now.
            if (!await RenewAsync(db, delivery.Id, token, cancellationToken))
            {
                db.Entry(delivery).State = EntityState.Detached;
                LogClaimLost(delivery.Id);
                continue;
            }

            string? changedInbox = null;
            try
            {
                changedInbox = await DispatchAsync(db, directory, delivery, inboxWritten: null, cancellationToken);
            }
            finally
            {
                db.Entry(delivery).Property(d => d.LockToken).CurrentValue = null;
                db.Entry(delivery).Property(d => d.LockedUntil).CurrentValue = null;
                await db.SaveChangesAsync(CancellationToken.None);
            }

            if (changedInbox is not null)
            {
                inboxes.Notify(changedInbox);
            }
        }

        return claimed.Count;
    }

    /// <summary>
    /// Writes the inbox entries of a batch's in-app deliveries in one transaction instead of one each: the transaction first
    /// renews this claim on all of them, and is given up (false: they go one by one) when another dispatcher took any over.
    /// The unique delivery id of an inbox entry keeps it once, whatever happens.
    /// </summary>
    private async Task<bool> WriteInAppTogetherAsync(
        NotificationsDbContext db, RecipientDirectory directory, List<Delivery> inApp, Guid token, CancellationToken cancellationToken)
    {
        var ids = inApp.Select(d => d.Id).ToList();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var leaseUntil = time.GetUtcNow() + _options.LeaseDuration;
            var held = await db.Deliveries
                .Where(d => ids.Contains(d.Id) && d.LockToken == token && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Deferred))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, leaseUntil), cancellationToken);
            if (held != ids.Count)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            // Which of them have their entry already (a batch that failed after writing it): one statement for the batch.
            var written = (await db.InboxItems.Where(i => ids.Contains(i.DeliveryId)).Select(i => i.DeliveryId).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var delivery in inApp)
            {
                if (await DispatchAsync(db, directory, delivery, written, cancellationToken) is { } owner)
                {
                    changed.Add(owner);
                }

                db.Entry(delivery).Property(d => d.LockToken).CurrentValue = null;
                db.Entry(delivery).Property(d => d.LockedUntil).CurrentValue = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var owner in changed)
        {
            inboxes.Notify(owner);
        }

        return true;
    }

    /// <summary>One conditional update: extends this claim's lease on the delivery, or finds that the claim is gone.</summary>
    private async Task<bool> RenewAsync(NotificationsDbContext db, Guid id, Guid token, CancellationToken cancellationToken)
    {
        var leaseUntil = time.GetUtcNow() + _options.LeaseDuration;
        return await db.Deliveries
            .Where(d => d.Id == id && d.LockToken == token && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Deferred))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, leaseUntil), cancellationToken) == 1;
    }

    /// <summary>One delivery: returns the inbox that changed, if an entry was written.</summary>
    /// <param name="inboxWritten">The deliveries whose inbox entries exist, when the caller asked for a batch at once.</param>
    private async Task<string?> DispatchAsync(
        NotificationsDbContext db, RecipientDirectory directory, Delivery delivery, IReadOnlySet<Guid>? inboxWritten, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (recipient, erased) = await directory.ForDeliveryAsync(delivery, cancellationToken);
        if (recipient is null)
        {
            if (erased)
            {
                delivery.Cancel(now, "The person was erased.");
            }
            else
            {
                Fail(delivery, now, "The recipient is no longer known.");
            }

            return null;
        }

        if (delivery.MustArriveBefore is { } deadline && now >= deadline)
        {
            // A session reminder still unsent when the session begins (held, retried): late, it would only mislead.
            delivery.Cancel(now, "The session began before this reminder could go out.");
            return null;
        }

        if (delivery.Channel == Contracts.ChannelCodes.InApp)
        {
            return await WriteInboxAsync(db, delivery, recipient, now, inboxWritten, cancellationToken);
        }

        if (!_senders.TryGetValue(delivery.Channel, out var sender) || !sender.State.IsConfigured || !recipient.CanBeReachedBy(delivery.Channel))
        {
            var why = sender is { State.IsConfigured: true }
                ? $"there is no {delivery.Channel} address for this person any more"
                : $"{delivery.Channel} is not configured";
            await FallBackAsync(db, delivery, recipient, why, now, cancellationToken);
            return null;
        }

        var quietHours = recipient.QuietHours ?? _quietHours.Window;
        if (QuietHoursRule.HoldUntil(delivery.Channel, quietHours, now, delivery.MustArriveBefore, _quietHours.ReminderLeadTime) is { } until)
        {
            delivery.Defer(until);
            NotificationsTelemetry.Deferred.Add(1, NotificationsTelemetry.Tags(delivery.Channel));
            LogDeferred(delivery.Id, delivery.Channel, until);
            return null;
        }

        ActivityContext.TryParse(delivery.TraceParent, null, isRemote: true, out var parent);
        using var activity = NotificationsTelemetry.Source.StartActivity($"notify {delivery.Channel}", ActivityKind.Client, parent);
        activity?.SetTag("notification.delivery_id", delivery.Id.ToString());
        activity?.SetTag("notification.channel", delivery.Channel);
        activity?.SetTag("notification.kind", delivery.Kind);

        SendResult result;
        try
        {
            result = await sender.SendAsync(delivery, recipient, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // An adapter fault we did not foresee: treat it as transient, so it is retried and in the end visible.
            result = SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        now = time.GetUtcNow();
        if (result.Succeeded)
        {
            delivery.MarkSent(now, result.ProviderMessageId);
            RecordSent(delivery, now);
            return null;
        }

        delivery.MarkAttemptFailed(now, result.Error ?? "unknown error", result.Permanent, _options.Schedule, Random.Shared.NextDouble());
        activity?.SetStatus(ActivityStatusCode.Error, delivery.LastError);
        if (delivery.Status == DeliveryStatus.Failed)
        {
            NotificationsTelemetry.Failed.Add(1, NotificationsTelemetry.Tags(delivery.Channel, delivery.Kind));
            LogFailed(delivery.Id, delivery.Channel, delivery.Attempts);
        }
        else
        {
            LogRetrying(delivery.Id, delivery.Channel, delivery.Attempts, delivery.NextAttemptAt);
        }

        return null;
    }

    private async Task<string?> WriteInboxAsync(
        NotificationsDbContext db, Delivery delivery, Recipient recipient, DateTimeOffset now, IReadOnlySet<Guid>? inboxWritten, CancellationToken cancellationToken)
    {
        if (!recipient.HasInbox)
        {
            Fail(delivery, now, "This person has no sign-in, so no in-app inbox.");
            return null;
        }

        if (!(inboxWritten?.Contains(delivery.Id) ?? await db.InboxItems.AnyAsync(i => i.DeliveryId == delivery.Id, cancellationToken)))
        {
            var traceId = ActivityContext.TryParse(delivery.TraceParent, null, out var context) ? context.TraceId.ToString() : null;
            var item = InboxItem.From(delivery, traceId, now);
            db.InboxItems.Add(item);
            delivery.MarkSent(now, item.Id.ToString());
            RecordSent(delivery, now);
            return item.Owner;
        }

        delivery.MarkSent(now, null);
        return null;
    }

    private async Task FallBackAsync(
        NotificationsDbContext db, Delivery delivery, Recipient recipient, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fallback = ChannelPlan.FallbackFor(recipient, delivery.Channel, IsConfigured);
        if (fallback is null)
        {
            Fail(delivery, now, $"{why}, and no other channel reaches this person.");
            return;
        }

        delivery.MarkFellBack(now, $"{why}; sent by {fallback} instead.");
        NotificationsTelemetry.FellBack.Add(1, NotificationsTelemetry.Tags(delivery.Channel));
        var exists = await db.Deliveries.AnyAsync(
            d => d.EventKey == delivery.EventKey && d.RecipientKey == delivery.RecipientKey && d.Channel == fallback, cancellationToken);
        if (!exists)
        {
            db.Deliveries.Add(delivery.FallBackTo(fallback, now));
        }
    }

    private static void Fail(Delivery delivery, DateTimeOffset now, string why)
    {
        delivery.MarkAttemptFailed(now, why, permanent: true, RetrySchedule.Default, 0);
        NotificationsTelemetry.Failed.Add(1, NotificationsTelemetry.Tags(delivery.Channel, delivery.Kind));
    }

    private static void RecordSent(Delivery delivery, DateTimeOffset now)
    {
        NotificationsTelemetry.Sent.Add(1, NotificationsTelemetry.Tags(delivery.Channel, delivery.Kind));
        NotificationsTelemetry.Latency.Record(Math.Max(0, (now - delivery.EventOccurredAt).TotalSeconds), NotificationsTelemetry.Tags(delivery.Channel));
    }

    [LoggerMessage(LogLevel.Error, "The delivery dispatcher could not read its table; retrying.")]
    private partial void LogDispatchFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} was claimed by another dispatcher while this one sent the deliveries before it; not sent here.")]
    private partial void LogClaimLost(Guid deliveryId);

    [LoggerMessage(LogLevel.Information, "Delivery {DeliveryId} over {Channel} held for quiet hours until {Until}.")]
    private partial void LogDeferred(Guid deliveryId, string channel, DateTimeOffset until);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} over {Channel} failed (attempt {Attempts}); next try at {NextAttemptAt}.")]
    private partial void LogRetrying(Guid deliveryId, string channel, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} over {Channel} failed for good after {Attempts} attempt(s).")]
    private partial void LogFailed(Guid deliveryId, string channel, int attempts);
}
