using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>How many back a request, and whether this call added the caller.</summary>
public sealed record SupportView(Guid RequestId, int Supporters, bool Added);

/// <summary>
/// "Me too": backing an open request instead of filing the same problem again, once per person. Backing it again is a
/// 409 (<c>already-supported</c>), as docs/authorization.md says, so a client can tell the person.
/// </summary>
public sealed class RequestSupports(RequestsDbContext db, TimeProvider time)
{
    public async Task<Result<SupportView>> SupportAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Subject is not { } subject)
        {
            return Refusal.Forbidden("Support needs a signed-in person.");
        }

        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return RequestReads.NoSuchRequest;
        }

        if (Refuse(request, subject) is { } refusal)
        {
            return refusal;
        }

        if (await db.Supports.AnyAsync(s => s.RequestId == id && s.Subject == subject, cancellationToken))
        {
            return AlreadySupported(id);
        }

        db.Supports.Add(new RequestSupport(id, subject, time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person's second tap won the race: their support is counted once.
            db.ChangeTracker.Clear();
            return AlreadySupported(id);
        }

        var supporters = await db.Supports.CountAsync(s => s.RequestId == id, cancellationToken);
        return new SupportView(id, supporters, Added: true);
    }

    private static Refusal AlreadySupported(Guid id) =>
        Refusal.Of(RequestsProblems.AlreadySupported, detail: "Your support is counted once.").With("requestId", id);
    /// <summary>
    /// "Me too" tapped in the LINE chat, without saving (the consumer's base commits): the original of a duplicate takes
    /// it; a closed request, one's own, or a second tap adds nothing. True when it was added.
    /// </summary>
    public async Task<bool> AddFromLineAsync(Guid id, string subject, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is { Status: RequestStatus.Duplicate, DuplicateOfId: { } original })
        {
            request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == original, cancellationToken);
        }

        if (request is null || Refuse(request, subject) is not null
            || await db.Supports.AnyAsync(s => s.RequestId == request.Id && s.Subject == subject, cancellationToken))
        {
            return false;
        }

        db.Supports.Add(new RequestSupport(request.Id, subject, at));
        return true;
    }

    /// <summary>Why this person may not back this request, or null when they may.</summary>
    private static Refusal? Refuse(ServiceRequest request, string subject)
    {
        if (request.Status == RequestStatus.Duplicate)
        {
            return Refusal.Of(RequestsProblems.RequestIsDuplicate, detail: $"Support the original instead: {request.DuplicateOfId}.")
                .With("duplicateOf", request.DuplicateOfId);
        }

        if (!request.Status.IsOpen())
        {
            return Refusal.Of(RequestsProblems.RequestNotOpen, $"The request is {request.Status.ToCode()}.",
                    "Only open requests take support. If the problem is back, file a new request.")
                .With("currentStatus", request.Status.ToCode());
        }

        return request.SubmitterSubject == subject ? Refusal.Of(RequestsProblems.OwnRequest, detail: "Your own request already counts.") : null;
    }
}
