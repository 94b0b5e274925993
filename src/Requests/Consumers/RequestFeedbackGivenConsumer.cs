using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>
/// The submitter's answer about the fix given in a chat (LINE), relayed by Notifications: applied by the same use case as
/// the web route. An answer the rule refuses (late, about an earlier resolution, a second one, not the submitter's) is a
/// business outcome, not a fault: it is logged (ids and the kind only) and dropped, never parked.
/// </summary>
public sealed partial class RequestFeedbackGivenConsumer(RequestsDbContext db, RequestFeedbacks feedbacks, TimeProvider time, ILogger<RequestFeedbackGivenConsumer> logger)
    : IdempotentConsumer<RequestFeedbackGiven, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestFeedbackGiven> context, CancellationToken cancellationToken)
    {
        var given = context.Message;
        var recorded = await feedbacks.RecordAsync(given, cancellationToken);
        if (!recorded.Succeeded)
        {
            LogRefused(given.FeedbackId, given.RequestId, recorded.Refusal!.Kind.Code);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Answer {FeedbackId} about request {RequestId} did not count: {Kind}.")]
    private partial void LogRefused(Guid feedbackId, Guid requestId, string kind);
}
