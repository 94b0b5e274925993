using Municipal.Messaging.Idempotency;
using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Handlers;

public enum IdempotencyVerdict
{
    /// <summary>No key, or a key not seen before: go ahead (and remember the answer).</summary>
    Proceed,

    /// <summary>The same key and the same body: give the first answer again.</summary>
    Replay,

    /// <summary>The same key with another body: refuse (422).</summary>
    Mismatch,
}

/// <summary>
/// <c>Idempotency-Key</c> for submissions: per caller, remembered for 24 hours, with a fingerprint of the
/// body. The first answer is stored in the same transaction as the request it created, and a unique index
/// on (caller, key) settles two retries racing each other.
/// </summary>
public sealed class Idempotency(RequestsDbContext db, TimeProvider time)
{
    public async Task<(IdempotencyVerdict Verdict, IdempotencyRecord? Record)> CheckAsync(string caller, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
        if (record is null)
        {
            return (IdempotencyVerdict.Proceed, null);
        }

        if (record.IsExpired(time.GetUtcNow()))
        {
            db.IdempotencyRecords.Remove(record); // goes with the new answer's transaction
            return (IdempotencyVerdict.Proceed, null);
        }

        return (record.Fingerprint == fingerprint ? IdempotencyVerdict.Replay : IdempotencyVerdict.Mismatch, record);
    }

    public void Remember(string caller, string key, string fingerprint, int statusCode, string contentType, string body, string? location, Guid requestId) =>
        db.IdempotencyRecords.Add(IdempotencyRecord.Create(caller, key, fingerprint, statusCode, contentType, body, location, requestId, time.GetUtcNow()));

    /// <summary>After a failed save: did a concurrent retry with the same key win? Its record, if so.</summary>
    public async Task<IdempotencyRecord?> FindWinnerAsync(string caller, string key, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
    }
}
