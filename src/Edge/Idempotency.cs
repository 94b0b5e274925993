using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Idempotency;
using Municipal.Messaging.Persistence;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge;

/// <summary>The <c>Idempotency-Key</c> of a create request: who asked, the key, and a fingerprint of what was asked.</summary>
public sealed record IdempotencyKey(string Caller, string Key, string Fingerprint)
{
    public const string Header = IdempotencyRecord.Header;

    /// <summary>
    /// The key of a request, or null when it carries none; a 400 when the key is not 1–128 visible ASCII characters.
    /// <paramref name="canonicalRequest"/> is what was asked, written the same way for the same request (e.g. the
    /// body as the service serialises it, prefixed by the route).
    /// </summary>
    public static Result<IdempotencyKey?> Read(HttpRequest request, string caller, string canonicalRequest)
    {
        if (!request.Headers.TryGetValue(Header, out var header))
        {
            return (IdempotencyKey?)null;
        }

        var key = header.ToString();
        return IdempotencyRecord.IsValidKey(key)
            ? new IdempotencyKey(caller, key, IdempotencyRecord.FingerprintOf(canonicalRequest))
            : Refusal.Invalid(Header, FieldError.BadFormat(FieldFormats.IdempotencyKey,
                $"An idempotency key is 1 to {IdempotencyRecord.KeyMaxLength} visible ASCII characters, e.g. a UUID."));
    }
}

/// <summary>An answer as it is stored for a retry and given: status, content type, body, <c>Location</c>.</summary>
public sealed record StoredAnswer(int StatusCode, string ContentType, string Body, string? Location, Guid? ResourceId) : IResult
{
    /// <summary>Set on a retry's answer: this is the first answer given again.</summary>
    public bool Replayed { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = ContentType;
        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        if (Replayed)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        await httpContext.Response.WriteAsync(Body);
    }

    internal static StoredAnswer From(IdempotencyRecord record) =>
        new(record.StatusCode, record.ContentType, record.Body, record.Location, record.ResourceId) { Replayed = true };
}

/// <summary>
/// The one <c>Idempotency-Key</c> flow for create routes (it replaces the older <c>x-requestid</c> header): a retry
/// with the same key and body gets the first answer again (header <c>Idempotent-Replayed: true</c>); the same key
/// with another body is 422 <c>idempotency-key-reused</c>. The use case runs and saves as usual; its first write opens a
/// transaction the flow holds (<see cref="ServiceDbContext.TransactFromFirstWrite"/>), and the answer is stored in that
/// same transaction, so either both are kept or neither is. What the use case reads before its first write is read
/// outside the transaction, as it is without a key: on SQLite the process's writers wait only for the writes.
/// </summary>
public sealed class IdempotentCreates<TContext>(TContext db, TimeProvider time) where TContext : ServiceDbContext
{
    /// <summary>
    /// Runs <paramref name="useCase"/> once per key. <paramref name="answer"/> writes its value as the stored answer;
    /// <paramref name="refuse"/> writes a refusal (problem details, or a format of the route's own such as Open311's).
    /// Without a key the use case simply runs.
    /// </summary>
    public async Task<IResult> RunAsync<T>(
        IdempotencyKey? key,
        Func<CancellationToken, Task<Result<T>>> useCase,
        Func<T, StoredAnswer> answer,
        Func<Refusal, IResult> refuse,
        CancellationToken cancellationToken)
    {
        if (key is null)
        {
            var result = await useCase(cancellationToken);
            return result.Succeeded ? answer(result.Value!) : refuse(result.Refusal!);
        }

        if (await FindAsync(key, cancellationToken) is { } earlier)
        {
            return Answer(earlier, key, refuse);
        }

        Refusal? refused = null;
        try
        {
            using (db.TransactFromFirstWrite())
            {
                var result = await useCase(cancellationToken);
                if (result.Succeeded)
                {
                    var fresh = answer(result.Value!);
                    db.IdempotencyRecords.Add(IdempotencyRecord.Create(
                        key.Caller, key.Key, key.Fingerprint, fresh.StatusCode, fresh.ContentType, fresh.Body, fresh.Location, fresh.ResourceId, time.GetUtcNow()));
                    await db.SaveChangesAsync(cancellationToken); // opens the transaction if the use case wrote nothing
                    await db.Database.CommitTransactionAsync(cancellationToken);
                    return fresh;
                }

                refused = result.Refusal!;
            }
        }
        catch (DbUpdateException)
        {
            // A retry with the same key raced this one and committed first: its answer (the key is unique per caller),
            // or what it created (a unique row this attempt also wrote, read as free before the other's commit).
            await RollBackAsync();
            db.ChangeTracker.Clear();
            if (await FindAsync(key, cancellationToken) is { } winner)
            {
                return Answer(winner, key, refuse);
            }

            throw;
        }
        finally
        {
            // Whatever is still open (a refusal after a write, a lost race, an exception) is not kept.
            await RollBackAsync();
        }

        // A retry that raced the first attempt sees what the first created and may be refused for it (the seat is
        // taken): the first attempt's answer is the right one to give.
        db.ChangeTracker.Clear();
        return await FindAsync(key, cancellationToken) is { } first ? Answer(first, key, refuse) : refuse(refused!);
    }

    /// <summary>Rolls back what is open, even when the caller has gone: nothing half-written is kept.</summary>
    private async Task RollBackAsync()
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await db.Database.RollbackTransactionAsync(CancellationToken.None);
        }
    }

    private async Task<IdempotencyRecord?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Caller == key.Caller && r.Key == key.Key, cancellationToken);
        if (record is not null && record.IsExpired(time.GetUtcNow()))
        {
            // Past its lifetime the key is free again.
            await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        return record;
    }

    private static IResult Answer(IdempotencyRecord record, IdempotencyKey key, Func<Refusal, IResult> refuse) =>
        record.Fingerprint == key.Fingerprint
            ? StoredAnswer.From(record)
            : refuse(Refusal.Of(ProblemTypes.IdempotencyKeyReused,
                detail: $"Each new request takes a new {IdempotencyKey.Header}; reuse a key only to retry the same request."));
}
