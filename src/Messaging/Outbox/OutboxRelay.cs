using Municipal.Messaging.Signals;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Persistence;
using System.Diagnostics;
using System.Text.Json;

namespace Municipal.Messaging.Outbox;

/// <summary>
/// Publishes a service's stored events, oldest first, and marks each sent only after the broker has
/// confirmed it. A failed publish is retried with back-off, never dropped. Woken right after a
/// commit; polls as the fallback after a crash or an outage. Rows are claimed with a lease in this
/// relay's name, so replicas sharing one database do not publish the same event twice; a batch stops
/// early, and marks what it published, while its lease still has room for one more publish and the mark.
/// After a failed publish the relay keeps its rows until it retries them itself: the broker may have
/// taken a message whose confirm was lost, and a second relay must not publish it again.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    CommitSignal<OutboxMessage> signal,
    TopologyReady topology,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private readonly OutboxOptions _options = options.Value;

    /// <summary>The name this relay claims rows in (one relay per service database in a process).</summary>
    private readonly Guid _relayId = Guid.NewGuid();
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    /// <summary>After a failed publish: this relay starts no publish before this instant.</summary>
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await topology.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? wait;
            try
            {
                var result = await PublishPendingAsync(stoppingToken);
                if (result.Published == _options.BatchSize || result.LeaseRanOut)
                {
                    continue; // more are waiting
                }

                wait = result.RetryIn;
                await CleanUpAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database itself failed (locked, unreachable): try again shortly.
                LogRelayFailed(ex);
                wait = _options.MaxRetryDelay;
            }

            await signal.WaitAsync(Min(wait ?? _options.PollInterval, _options.PollInterval), time, stoppingToken);
        }
    }

    /// <summary>
    /// Publishes what is due now; says how many were published, after a failure when to try again, and whether the
    /// batch stopped early because its lease was running out.
    /// </summary>
    internal async Task<(int Published, TimeSpan? RetryIn, bool LeaseRanOut)> PublishPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.OpenConnectionAsync(cancellationToken); // one connection for the round's statements
        var now = time.GetUtcNow();

        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.ParkedAt == null)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence)
            .Take(_options.BatchSize)
            .Select(m => new { m.Id, m.NextAttemptAt, m.CreatedAt, m.OrderingKey, m.LockedUntil, m.LockToken })
            .ToListAsync(cancellationToken);
        var parkedKeys = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ParkedAt != null && m.SentAt == null)
            .Select(m => m.OrderingKey)
            .ToListAsync(cancellationToken);

        MessagingTelemetry.ReportBacklog(candidates.Count, candidates.Count == 0 ? TimeSpan.Zero : now - candidates[0].CreatedAt);
        MessagingTelemetry.ReportParkedEvents(parkedKeys.Count);
        if (candidates.Count == 0)
        {
            return (0, null, false);
        }

        // After a failed publish (the broker away, most likely) this relay publishes nothing until its retry is due.
        if (_pausedUntil > now)
        {
            return (0, _pausedUntil - now, false);
        }

        // Keep the order per aggregate: nothing overtakes an event of its own key that is parked, waiting for its
        // retry, or held by another relay; events of every other key go ahead.
        var token = _relayId;
        var blocked = parkedKeys.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var due = new List<Guid>(candidates.Count);
        DateTimeOffset? firstRetry = null;
        foreach (var candidate in candidates)
        {
            if (candidate.OrderingKey is { } key && blocked.Contains(key))
            {
                continue;
            }

            if (candidate.LockedUntil >= now && candidate.LockToken != token)
            {
                if (candidate.OrderingKey is { } held)
                {
                    blocked.Add(held);
                }

                continue;
            }

            if (candidate.NextAttemptAt is { } retryAt && retryAt > now)
            {
                firstRetry = firstRetry is { } first && first < retryAt ? first : retryAt;
                if (candidate.OrderingKey is { } waiting)
                {
                    blocked.Add(waiting);
                }

                continue;
            }

            due.Add(candidate.Id);
        }

        if (due.Count == 0)
        {
            return (0, firstRetry - now, false);
        }

        // Free rows, expired leases, and rows this relay kept after a failed publish of its own.
        var leaseUntil = now + _options.LeaseDuration;
        await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.ParkedAt == null
                && (m.LockedUntil == null || m.LockedUntil < now || m.LockToken == token))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, token).SetProperty(m => m.LockedUntil, leaseUntil), cancellationToken);

        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.SentAt == null && m.LockToken == token)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence)
            .ToListAsync(cancellationToken);

        // A due row another relay claimed first holds back the later rows of its key in this batch too.
        var claimedIds = claimed.Select(m => m.Id).ToHashSet();
        var lostKeys = new HashSet<string>(StringComparer.Ordinal);
        var behindLost = new HashSet<Guid>();
        foreach (var candidate in candidates.Where(c => due.Contains(c.Id)))
        {
            if (candidate.OrderingKey is not { } key)
            {
                continue;
            }

            if (!claimedIds.Contains(candidate.Id))
            {
                lostKeys.Add(key);
            }
            else if (lostKeys.Contains(key))
            {
                behindLost.Add(candidate.Id);
            }
        }

        claimed.RemoveAll(m => behindLost.Contains(m.Id)); // still this relay's: released with the rest after the batch

        // Confirmed rows are marked sent together, one write per batch rather than one per event: on SQLite
        // the relay's writes queue behind the service's own. A crash before the mark republishes them after
        // the lease, which the consumers' inboxes absorb (delivery is at least once either way). So that another
        // replica never takes over rows this relay published but has not marked yet, the batch stops starting
        // publishes while there is still room in the lease for one more (PublishTimeout) and for the mark.
        var stopBy = leaseUntil - _options.PublishTimeout - _options.LeaseDuration / 2;
        var confirmed = new List<Guid>(claimed.Count);
        try
        {
            return await PublishClaimedAsync(db, claimed, token, confirmed, stopBy, firstRetry, behindLost.Count > 0, cancellationToken);
        }
        finally
        {
            await MarkSentAsync(db, confirmed, token);
        }
    }

    /// <summary>
    /// Counts a failed attempt on the row. Parks it when <paramref name="mayPark"/> and its attempts reach
    /// <see cref="OutboxOptions.MaxAttempts"/> (then returns null); otherwise returns when to try it again.
    /// </summary>
    private async Task<DateTimeOffset?> RecordFailureAsync(TContext db, OutboxMessage row, Exception ex, bool mayPark)
    {
        var attempts = row.Attempts + 1;
        var error = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
        var now = time.GetUtcNow();
        if (mayPark && attempts >= _options.MaxAttempts)
        {
            await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ParkedAt, now)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            MessagingTelemetry.Parked.Add(1, new KeyValuePair<string, object?>("message_type", row.MessageType));
            LogParked(row.MessageType, row.Id, attempts, ex.GetType().Name);
            return null;
        }

        var retryAt = now + _options.RetryDelay(attempts);
        await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.NextAttemptAt, retryAt), CancellationToken.None);
        return retryAt;
    }

    /// <summary>Marks the confirmed rows sent, as long as this relay still holds them; then forgets them.</summary>
    private async Task MarkSentAsync(TContext db, List<Guid> confirmed, Guid token)
    {
        if (confirmed.Count == 0)
        {
            return;
        }

        var ids = confirmed.ToList();
        confirmed.Clear();
        var sentAt = time.GetUtcNow();
        await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LockToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAt, sentAt)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(m => m.LockToken, (Guid?)null), CancellationToken.None);
    }

    /// <summary>The row as the message it stores; throws when this build cannot read it.</summary>
    private static (Type Type, object Message) Prepare(OutboxMessage row)
    {
        var type = MessageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, MessageTypes.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} holds no message.");
        return (type, message);
    }

    private async Task PublishAsync(OutboxMessage row, Type type, object message, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that raised the event, so the consumer joins it too.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity(
            $"outbox publish {type.Name}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("messaging.destination.name", row.MessageType);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = row.Id;
            context.Mandatory = topology.HasSubscribers(type);
            if (activity is null && row.TraceParent is not null)
            {
                // No listener for our source: hand MassTransit the stored trace context directly.
                context.Headers.Set("MT-Activity-Id", row.TraceParent);
            }
        }), timeout.Token);
    }

    private static Task<int> HoldAsync(TContext db, Guid token, DateTimeOffset until) =>
        db.OutboxMessages.Where(m => m.LockToken == token && m.SentAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LockedUntil, until), CancellationToken.None);

    private static Task<int> ReleaseAsync(TContext db, Guid token) =>
        db.OutboxMessages.Where(m => m.LockToken == token && m.SentAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LockToken, (Guid?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);

    /// <summary>Deletes sent events and old inbox records once an hour.</summary>
    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastCleanup < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastCleanup = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sentBefore = now - _options.SentRetention;
        var processedBefore = now - _options.InboxRetention;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
