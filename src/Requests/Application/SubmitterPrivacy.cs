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
public sealed partial class SubmitterPrivacy(RequestsDbContext db, SubmitterErasure erasure, TimeProvider time, ILogger<SubmitterPrivacy> logger)
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
    /// same phone number or e-mail address): name, phone, e-mail, device and account ids go, contact details typed into
    /// the text are masked, the events and remembered answers that carried them are deleted (<see cref="SubmitterErasure"/>),
    /// and <see cref="RequestSubmitterErased"/> tells the other services. A LINE reporter erases themselves in the chat,
    /// anyone else with an account in the registry. Erasing again changes nothing. Returns how many requests it touched.
    /// </summary>
    public async Task<Result<int>> EraseAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (Actors.IsLineReporter(request.SubmitterSubject))
        {
            return Refusal.Of(RequestsProblems.SubmitterInRegistry, "The submitter is erased through the LINE chat.",
                "The submitter reported through LINE: they erase themselves in the chat (\"ลบข้อมูลของฉัน\"), which reaches every service.");
        }

        if (request.SubmitterSubject is not null || request.SubmitterPersonId is not null)
        {
            return Refusal.Of(RequestsProblems.SubmitterInRegistry, detail:
                "The submitter has an account or is a person of the registry: erase them in the registry (DELETE /api/communities/people/{id}), which reaches every service.");
        }

        var (phone, email) = (request.SubmitterPhone, request.SubmitterEmail);
        var theirs = phone is null && email is null
            ? [request]
            : await db.Requests
                .Where(r => r.SubmitterSubject == null && r.SubmitterPersonId == null
                    && ((phone != null && r.SubmitterPhone == phone) || (email != null && r.SubmitterEmail == email)))
                .ToListAsync(cancellationToken);
        theirs = theirs.Where(r => !r.SubmitterErased || r.Id == id).ToList();
        if (theirs.All(r => r.SubmitterErased))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Their details, remembered answers and value-carrying events go; the erasure event that follows tells consumers.
            await erasure.EraseSubmitterOfAsync(theirs, cancellationToken);
            foreach (var erased in theirs)
            {
                db.EnqueueEvent(new RequestSubmitterErased { RequestId = erased.Id, OccurredAt = now }, time);
            }

            await db.SaveChangesAsync(cancellationToken);
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
