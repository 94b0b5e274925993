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
/// with another body is 422 <c>idempotency-key-reused</c>. The use case runs inside a transaction the flow holds and
/// saves as usual; the answer is stored in that same transaction, so either both are kept or neither is.
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

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var result = await useCase(cancellationToken);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                // A retry that waited for the first attempt's commit sees what the first created and may be refused
                // for it (the seat is taken): the first attempt's answer is the right one to give.
                db.ChangeTracker.Clear();
                return await FindAsync(key, cancellationToken) is { } first ? Answer(first, key, refuse) : refuse(result.Refusal!);
            }

            var fresh = answer(result.Value!);
            db.IdempotencyRecords.Add(IdempotencyRecord.Create(
                key.Caller, key.Key, key.Fingerprint, fresh.StatusCode, fresh.ContentType, fresh.Body, fresh.Location, fresh.ResourceId, time.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return fresh;
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }

        // A retry with the same key raced this one and committed first: answer as it did.
        db.ChangeTracker.Clear();
        var winner = await FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException("An idempotent create failed to save, and no earlier answer with its key exists.");
        return Answer(winner, key, refuse);
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
