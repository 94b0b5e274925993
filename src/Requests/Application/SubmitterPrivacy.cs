using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>One entry of a request's contact access log.</summary>
public sealed record ContactReadView(DateTimeOffset At, string AccessorSubject, string AccessorRoles, string Purpose)
{
    public static ContactReadView From(ContactRead r) => new(r.At, r.AccessorSubject, r.AccessorRoles, r.Purpose);
}

/// <summary>
/// The PDPA rights of submitters who have no account (phoned in, or through an Open311 client): who read their contact,
/// and erasure on their request, which staff carry out.
/// </summary>
public sealed partial class SubmitterPrivacy(RequestsDbContext db, TimeProvider time, ILogger<SubmitterPrivacy> logger)
{
    public async Task<Result<Page<ContactReadView>>> AccessLogAsync(Guid id, Paging paging, CancellationToken cancellationToken)
    {
        if (!await db.Requests.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return RequestReads.NoSuchRequest;
        }

        var query = db.ContactReads.AsNoTracking().Where(r => r.RequestId == id);
        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Of(query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id)).ToListAsync(cancellationToken);
        return new Page<ContactReadView>(items.Select(ContactReadView.From).ToList(), total);
    }

    /// <summary>
    /// Erases the submitter of the request and of every other request they phoned in or filed without an account (the
    /// same phone number): name and phone go, contact details typed into the text are masked, the events and
    /// remembered answers that carried them are deleted, and <see cref="RequestSubmitterErased"/> tells the other
    /// services. Erasing again changes nothing. Returns how many requests it touched.
    /// </summary>
    public async Task<Result<int>> EraseAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (request.SubmitterSubject is not null || request.SubmitterPersonId is not null)
        {
            return Refusal.Of(RequestsProblems.SubmitterInRegistry, detail:
                "The submitter has an account or is a person of the registry: erase them in the registry (DELETE /api/communities/people/{id}), which reaches every service.");
        }

        var phone = request.SubmitterPhone;
        var theirs = phone is null
            ? [request]
            : await db.Requests.Where(r => r.SubmitterPhone == phone && r.SubmitterSubject == null && r.SubmitterPersonId == null).ToListAsync(cancellationToken);
        theirs = theirs.Where(r => !r.SubmitterErased || r.Id == id).ToList();
        if (theirs.All(r => r.SubmitterErased))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var erased in theirs)
            {
                erased.EraseSubmitter();
                db.EnqueueEvent(new RequestSubmitterErased { RequestId = erased.Id, OccurredAt = now }, time);
            }

            await db.SaveChangesAsync(cancellationToken);
            var ids = theirs.Select(r => r.Id).ToList();
            foreach (var erased in ids)
            {
                // The title and text went out in these; the erasure event that follows them tells consumers to forget.
                await db.ForgetAsync($"request:{erased:D}", [typeof(RequestSubmitted), typeof(RequestStatusChanged)], cancellationToken);
            }

            await db.IdempotencyRecords.Where(r => r.ResourceId != null && ids.Contains(r.ResourceId.Value)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (db.IsSqlite)
        {
            await SqliteFiles.TruncateWriteAheadLogAsync(db, cancellationToken);
        }

        LogErased(id, theirs.Count);
        return theirs.Count;
    }

    [LoggerMessage(LogLevel.Information, "Erased the submitter of request {RequestId} from {Count} request(s).")]
    private partial void LogErased(Guid requestId, int count);
}
