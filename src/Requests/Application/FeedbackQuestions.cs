using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// Asks the submitters of requests resolved <see cref="FeedbackOptions.AskAfter"/> ago whether they were really fixed
/// (<c>RequestFeedbackRequested</c>), once per resolution. The request is claimed with one conditional update
/// (<c>FeedbackAskedAt</c> from null to now, for this round, while still resolved) in the transaction of the event, so a
/// restart or a second replica never asks twice.
/// </summary>
public sealed partial class FeedbackQuestions(RequestsDbContext db, IOptions<FeedbackOptions> options, TimeProvider time, ILogger<FeedbackQuestions> logger)
    : ICaseworkCheck
{
    public const int BatchSize = 200;

    /// <returns>How many submitters were asked.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var policy = options.Value.Policy;
        var resolvedBefore = now - policy.AskAfter;
        var candidates = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Resolved && r.FeedbackAskedAt == null && r.ResolvedAt != null && r.ResolvedAt <= resolvedBefore
                && (r.SubmitterSubject != null || r.SubmitterPersonId != null))
            .OrderBy(r => r.ResolvedAt).ThenBy(r => r.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var asked = 0;
        foreach (var request in candidates.Where(r => FeedbackRules.IsDueToAsk(r.Status, r.ResolvedAt, r.FeedbackAskedAt, r.SubmitterCanBeAsked, now, policy)))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Requests
                .Where(r => r.Id == request.Id && r.FeedbackAskedAt == null && r.Status == RequestStatus.Resolved && r.ResolutionRound == request.ResolutionRound)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.FeedbackAskedAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue; // asked by another replica, or it moved on meanwhile
            }

            db.EnqueueEvent(new RequestFeedbackRequested
            {
                RequestId = request.Id,
                Number = request.Number,
                CommunityId = request.CommunityId,
                Category = request.Category,
                DivisionCode = request.DivisionCode,
                Title = request.Title,
                RequestChannel = request.Channel.ToCode(),
                SubmitterSubject = request.SubmitterSubject,
                SubmitterPersonId = request.SubmitterPersonId,
                Round = request.ResolutionRound,
                ResolvedAt = request.ResolvedAt!.Value,
                AskedAt = now,
                AnswerBy = policy.AnswerBy(request.ResolvedAt.Value),
            }, time);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            asked++;
            LogAsked(request.Id, request.ResolutionRound);
        }

        if (asked > 0)
        {
            RequestsTelemetry.FeedbackRequested.Add(asked);
        }

        return asked;
    }

    [LoggerMessage(LogLevel.Information, "Asked the submitter of request {RequestId} whether resolution {Round} fixed it.")]
    private partial void LogAsked(Guid requestId, int round);
}
