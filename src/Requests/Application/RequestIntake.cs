using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>How a request came in, besides what it says.</summary>
public sealed record IntakeContext(RequestChannel Channel, Submitter Submitter, Caller RecordedBy)
{
    public Guid? SessionId { get; init; }
    public Guid? SourceIssueId { get; init; }

    /// <summary>Pictures the client hosts itself (Open311 <c>media_url</c> values).</summary>
    public IReadOnlyList<string>? MediaUrls { get; init; }

    /// <summary>The request's id when the channel chose it (a LINE report's id).</summary>
    public Guid? RequestId { get; init; }

    /// <summary>An address alone may do (Open311, LINE): the request is kept unplaced and staff place it.</summary>
    public bool UnplacedAllowed { get; init; }

    /// <summary>Refuse a community the registry has not announced (or that is merged or dissolved).</summary>
    public bool RequireKnownCommunity { get; init; } = true;
}

/// <summary>
/// Takes a request in from any channel (the API, Open311, a meeting): due dates from its category, its
/// division, its first history entry, and <c>RequestSubmitted</c> in the outbox.
/// </summary>
public sealed class RequestIntake(RequestsDbContext db, RequestReads reads, CategoryCatalog categories, TimeProvider time)
{
    /// <summary>
    /// <c>POST /api/requests</c>: checks the submission and who may submit it, takes it in and saves; the answer
    /// names the open requests nearby that may be the same problem.
    /// </summary>
    public async Task<Result<RequestDetails>> SubmitAsync(RequestSubmission submission, Caller caller, CancellationToken cancellationToken)
    {
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The request is not valid.");
        }

        var channel = submission.ChannelOrDefault;
        switch (RequestAccess.MaySubmit(caller, submission.CommunityId ?? Guid.Empty, channel))
        {
            case SubmitRefusal.NotYourCommunity:
                return Refusal.Of(RequestsProblems.NotYourCommunity, detail: "A community leader submits requests for their own community only.");
            case SubmitRefusal.PhoneIntakeIsStaffOnly:
                return Refusal.Of(RequestsProblems.PhoneIntakeIsStaffOnly,
                    detail: "Submit as yourself (channel web or mobile): the request is linked to your account.");
        }

        // One connection for the whole submission (about seven statements) instead of one opened and closed for each;
        // the context gives it back to the pool when the request ends.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var submitter = await WithRegistryNameAsync(RequestAccess.SubmitterOf(submission, caller), cancellationToken);
        var taken = await TakeAsync(submission, new IntakeContext(channel, submitter, caller), cancellationToken);
        if (!taken.Succeeded)
        {
            return taken.Refusal!;
        }

        // The answer's reads (the duplicate search) come before the save: under an Idempotency-Key the save opens the
        // transaction that stores the answer, and the process's other writers then wait for the writes alone.
        var details = await reads.DetailsOfNewAsync(taken.Value!, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return details;
    }

    /// <summary>
    /// Whoever files from the web or the app is named on the request as the registry knows them (name and phone, from
    /// the copy of the registry), so staff can call them back without looking them up.
    /// </summary>
    private async Task<Submitter> WithRegistryNameAsync(Submitter submitter, CancellationToken cancellationToken)
    {
        if (submitter.Subject is not { } subject || submitter.Name is not null)
        {
            return submitter;
        }

        var person = await db.People.AsNoTracking()
            .Where(p => p.Subject == subject && !p.Erased)
            .OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return person is null ? submitter : submitter with
        {
            PersonId = person.Id,
            Name = person.DisplayName.Length > ContactSubmission.NameMaxLength ? person.DisplayName[..ContactSubmission.NameMaxLength] : person.DisplayName,
            Phone = person.PhoneE164,
        };
    }

    /// <summary>Takes a request in and saves it.</summary>
    public async Task<Result<ServiceRequest>> RecordAsync(RequestSubmission submission, IntakeContext context, CancellationToken cancellationToken)
    {
        var taken = await TakeAsync(submission, context, cancellationToken);
        if (taken.Succeeded)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return taken;
    }

    /// <summary>Adds a request and its event without saving: for a consumer, whose base commits them with its inbox record.</summary>
    public async Task<Result<ServiceRequest>> TakeAsync(RequestSubmission submission, IntakeContext context, CancellationToken cancellationToken)
    {
        if (context.RequireKnownCommunity && submission.PlacedIn is { } communityId
            && await CheckCommunityAsync(communityId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var category = await categories.FindAsync(db, submission.Category, cancellationToken)
            ?? RequestCategories.Defaults.Single(c => c.Code == submission.Category);
        var now = time.GetUtcNow();
        var request = ServiceRequest.Submit(submission, category, context.Channel, context.Submitter, now,
            context.RecordedBy, context.SessionId, context.SourceIssueId, context.MediaUrls, context.RequestId);
        for (var attempt = 1; await db.Requests.AnyAsync(r => r.Number == request.Number, cancellationToken); attempt++)
        {
            request.Renumber(attempt); // the number is taken (ServiceRequest.Renumber says why that happens)
        }

        db.Requests.Add(request);
        db.EnqueueEvent(new RequestSubmitted
        {
            RequestId = request.Id,
            Number = request.Number,
            CommunityId = request.CommunityId,
            Category = request.Category,
            DivisionCode = request.DivisionCode,
            Title = request.Title,
            Channel = request.Channel.ToCode(),
            SubmitterSubject = request.SubmitterSubject,
            SessionId = request.SessionId,
            Latitude = request.Latitude,
            Longitude = request.Longitude,
            SubmittedAt = now,
        }, time);
        RequestsTelemetry.Submitted.Add(1,
            new KeyValuePair<string, object?>("category", request.Category),
            new KeyValuePair<string, object?>("channel", request.Channel.ToCode()));
        return request;
    }

    /// <summary>The active community nearest a point inside the municipality (by their centres), if one is known.</summary>
    public async Task<Community?> NearestCommunityAsync(ServiceDefaults.GeoPoint point, CancellationToken cancellationToken) =>
        ServiceDefaults.MunicipalArea.Contains(point)
            ? Community.NearestTo(point, await db.Communities.AsNoTracking().Where(c => c.Status == Community.Active).ToListAsync(cancellationToken))
            : null;

    /// <summary>422 unless the registry announced the community and it is active.</summary>
    public async Task<Refusal?> CheckCommunityAsync(Guid communityId, CancellationToken cancellationToken)
    {
        // Found by key, so the copy stays in the context: the answer's community name is read from it, not again.
        var community = await db.Communities.FindAsync([communityId], cancellationToken);
        if (community is null)
        {
            return Refusal.Of(RequestsProblems.UnknownCommunity,
                detail: $"No community {communityId} is registered. Pick one from GET /api/communities.");
        }

        if (!community.IsActive)
        {
            return Refusal.Of(RequestsProblems.CommunityInactive, $"The community is {community.Status}.",
                    community.MergedInto is { } into
                        ? $"{community.NameTh} was merged into community {into}: submit the request for that community."
                        : $"{community.NameTh} no longer takes requests.")
                .With("communityStatus", community.Status)
                .With("mergedInto", community.MergedInto);
        }

        return null;
    }
}
