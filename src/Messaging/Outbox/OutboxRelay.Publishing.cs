using MassTransit;
using Municipal.Messaging.Persistence;
using System.Text.Json;

namespace Municipal.Messaging.Outbox;

/// <summary>
/// Publishing a claimed batch with several confirms in flight (<see cref="OutboxOptions.MaxPublishesInFlight"/>) rather
/// than one publish-and-wait at a time: the broker's confirm round trip, not the relay, sets the pace otherwise. The
/// order per aggregate holds: a row starts only once the row before it of its key is confirmed (rows of other keys go
/// ahead meanwhile), and after a failure nothing more starts, so nothing overtakes an event that must be retried.
/// The window opens like TCP's slow start: one publish, then twice as many with every confirm up to the maximum, and back
/// to one after a failure, so a broker that is away costs one failed attempt, not a window of them.
/// </summary>
internal sealed partial class OutboxRelay<TContext>
    where TContext : ServiceDbContext
{
    /// <summary>How many publishes may wait for their confirms at once now (see the slow start above).</summary>
    private int _window = 1;

    private async Task<(int Published, TimeSpan? RetryIn, bool LeaseRanOut)> PublishClaimedAsync(
        TContext db, List<OutboxMessage> claimed, Guid token, List<Guid> confirmed, DateTimeOffset stopBy, DateTimeOffset? firstRetry,
        bool heldBack, CancellationToken cancellationToken)
    {
        var published = 0;
        var blocked = new HashSet<string>(StringComparer.Ordinal); // keys with a failed row in this batch
        var busy = new HashSet<string>(StringComparer.Ordinal); // keys with a publish in flight
        var behind = new Dictionary<string, Queue<OutboxMessage>>(StringComparer.Ordinal); // rows waiting for their key's confirm
        var ready = new Queue<OutboxMessage>(); // rows whose key's earlier row was confirmed meanwhile
        var pending = new Queue<OutboxMessage>(claimed);
        var running = new List<(Task Publish, OutboxMessage Row)>(); // not keyed by task: a publish done at once may share a cached one
        var failures = new List<(OutboxMessage Row, Exception Error)>();
        var leaseRanOut = false;
        var left = heldBack; // rows still claimed by this relay after the batch, to be released

        bool TryNext(out OutboxMessage row)
        {
            while (ready.TryDequeue(out row!) || pending.TryDequeue(out row!))
            {
                if (row.OrderingKey is not { } key)
                {
                    return true;
                }

                if (blocked.Contains(key))
                {
                    left = true; // behind an event of its own key that failed in this batch
                    continue;
                }

                if (busy.Contains(key))
                {
                    (behind.TryGetValue(key, out var queue) ? queue : behind[key] = new Queue<OutboxMessage>()).Enqueue(row);
                    continue;
                }

                return true;
            }

            return false;
        }

        while (true)
        {
            while (failures.Count == 0 && !leaseRanOut && !cancellationToken.IsCancellationRequested
                && running.Count < _window && TryNext(out var row))
            {
                if (published + running.Count > 0 && time.GetUtcNow() >= stopBy)
                {
                    leaseRanOut = left = true; // this row and the rest go back for the next claim, this relay's or another's
                    break;
                }

                Type type;
                object message;
                try
                {
                    (type, message) = Prepare(row);
                }
                catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException or ArgumentException)
                {
                    // This build cannot turn the row into a message (a type it does not know, a payload it cannot read): the
                    // row is at fault, not the broker, so the other aggregates' events go on.
                    var retryAt = await RecordFailureAsync(db, row, ex, mayPark: true);
                    LogUnpublishable(row.MessageType, row.Id, row.Attempts + 1, ex.GetType().Name);
                    firstRetry = Earliest(firstRetry, retryAt);
                    if (row.OrderingKey is { } failedKey)
                    {
                        blocked.Add(failedKey);
                        left |= behind.ContainsKey(failedKey);
                    }

                    continue;
                }

                running.Add((PublishAsync(row, type, message, cancellationToken), row));
                if (row.OrderingKey is { } key)
                {
                    busy.Add(key);
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Select(r => r.Publish));
            var index = running.FindIndex(r => r.Publish == done);
            var finished = running[index].Row;
            running.RemoveAt(index);
            if (finished.OrderingKey is { } finishedKey)
            {
                busy.Remove(finishedKey);
            }

            if (done.IsCompletedSuccessfully)
            {
                confirmed.Add(finished.Id);
                published++;
                _window = Math.Clamp(_window * 2, 1, Math.Max(1, _options.MaxPublishesInFlight));
                MessagingTelemetry.Published.Add(1, new KeyValuePair<string, object?>("message_type", finished.MessageType));
                if (finished.OrderingKey is { } key && behind.TryGetValue(key, out var queue) && queue.TryDequeue(out var next))
                {
                    ready.Enqueue(next);
                }
            }
            else if (!cancellationToken.IsCancellationRequested)
            {
                failures.Add((finished, await FaultOf(done)));
                _window = 1;
                if (finished.OrderingKey is { } failedKey)
                {
                    blocked.Add(failedKey);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        left |= pending.Count > 0 || ready.Count > 0 || behind.Values.Any(q => q.Count > 0);
        await MarkSentAsync(db, confirmed, token);
        if (failures.Count > 0)
        {
            return await HandleFailuresAsync(db, failures, token, published);
        }

        if (left)
        {
            await ReleaseAsync(db, token); // rows skipped behind a failed one of their key, or left when the lease ran low
        }

        if (leaseRanOut)
        {
            LogLeaseRunningOut(published, claimed.Count);
            return (published, null, true);
        }

        return (published, firstRetry is { } at ? Max(at - time.GetUtcNow(), TimeSpan.Zero) : null, false);
    }

    /// <summary>
    /// The broker may have taken a message whose confirm was lost: unless the broker is plainly away, a row it keeps
    /// refusing is parked after MaxAttempts; until then the failed rows and the rest of the batch stay this relay's until
    /// their retry and a lease beyond it (another relay takes them only if this one is gone), and this relay publishes
    /// nothing before the first retry.
    /// </summary>
    private async Task<(int Published, TimeSpan? RetryIn, bool LeaseRanOut)> HandleFailuresAsync(
        TContext db, List<(OutboxMessage Row, Exception Error)> failures, Guid token, int published)
    {
        DateTimeOffset? earliest = null, latest = null;
        foreach (var (row, error) in failures)
        {
            var brokerAway = PublishFaults.IsBrokerUnreachable(error);
            var retryAt = await RecordFailureAsync(db, row, error, mayPark: !brokerAway);
            MessagingTelemetry.PublishFailures.Add(1, new KeyValuePair<string, object?>("message_type", row.MessageType));
            if (retryAt is { } at)
            {
                LogPublishFailed(error, row.MessageType, row.Id, row.Attempts + 1, at - time.GetUtcNow());
                earliest = Earliest(earliest, at);
                latest = latest is { } l && l > at ? l : at;
            }
        }

        if (earliest is null)
        {
            await ReleaseAsync(db, token);
            return (published, TimeSpan.Zero, false); // all parked: the others go on at once
        }

        await HoldAsync(db, token, latest!.Value + _options.LeaseDuration);
        _pausedUntil = earliest.Value;
        return (published, Max(earliest.Value - time.GetUtcNow(), TimeSpan.Zero), false);
    }

    /// <summary>Why a publish did not complete: its exception, or the cancellation of a publish that timed out.</summary>
    private static async Task<Exception> FaultOf(Task publish)
    {
        try
        {
            await publish;
            return new InvalidOperationException("The publish ended without a confirm.");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
