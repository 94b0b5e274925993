using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Handlers;

/// <summary>How a request came in, besides what it says.</summary>
public sealed record IntakeContext(RequestChannel Channel, Submitter Submitter, Actor RecordedBy)
{
    public Guid? SessionId { get; init; }
    public Guid? SourceIssueId { get; init; }
    public string? ExternalMediaUrl { get; init; }

    /// <summary>Refuse a community the registry has not announced (or that is merged or dissolved).</summary>
    public bool RequireKnownCommunity { get; init; } = true;
}

/// <summary>
/// Takes a request in from any channel (the API, Open311, a meeting): due dates from its category, its
/// division, its first history entry, and <c>RequestSubmitted</c> in the outbox. The caller saves.
/// </summary>
public sealed class RequestIntake(RequestsDbContext db, TimeProvider time)
{
    public async Task<(ServiceRequest? Request, Outcome Outcome)> TakeAsync(RequestSubmission submission, IntakeContext context, CancellationToken cancellationToken)
    {
        if (context.RequireKnownCommunity && await CheckCommunityAsync(submission.CommunityId, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }

        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == submission.Category, cancellationToken)
            ?? RequestCategories.Defaults.Single(c => c.Code == submission.Category);
        var now = time.GetUtcNow();
        var request = ServiceRequest.Submit(submission, category, context.Channel, context.Submitter, now,
            context.RecordedBy, context.SessionId, context.SourceIssueId, context.ExternalMediaUrl);
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
            SubmittedAt = now,
        }, time);
        RequestsTelemetry.Submitted.Add(1,
            new KeyValuePair<string, object?>("category", request.Category),
            new KeyValuePair<string, object?>("channel", request.Channel.ToCode()));
        return (request, Outcome.Ok);
    }

    /// <summary>422 unless the registry announced the community and it is active.</summary>
    public async Task<Outcome?> CheckCommunityAsync(Guid communityId, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken);
        if (community is null)
        {
            return Outcome.Unprocessable("Unknown community.",
                $"No community {communityId} is registered. Pick one from GET /api/communities.");
        }

        if (!community.IsActive)
        {
            return Outcome.Unprocessable($"The community is {community.Status}.",
                community.MergedInto is { } into
                    ? $"{community.NameTh} was merged into community {into}: submit the request for that community."
                    : $"{community.NameTh} no longer takes requests.");
        }

        return null;
    }
}
