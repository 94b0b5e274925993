using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Consumers;

// Requests' casework events: the question about the fix, and its answer.

/// <summary>
/// Asks the submitter, on their own channel (the in-app inbox and their preferred channel), whether their resolved request
/// was really fixed. The submitter is named by sign-in subject, or by the registry's person for a phoned-in request; one
/// the registry has erased is not asked.
/// </summary>
public sealed class RequestFeedbackRequestedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestFeedbackRequested, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestFeedbackRequested> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        Recipient? submitter = null;
        if (!string.IsNullOrEmpty(m.SubmitterSubject))
        {
            submitter = await directory.SubjectAsync(m.SubmitterSubject, cancellationToken);
        }
        else if (m.SubmitterPersonId is { } personId)
        {
            submitter = await directory.PersonAsync(personId, cancellationToken);
        }

        if (submitter is not null)
        {
            await writer.WriteAsync(notices.FeedbackQuestion(m), [submitter], cancellationToken);
        }
    }
}

/// <summary>Tells the division that resolved a request what its submitter answered (its shared inbox).</summary>
public sealed class RequestFeedbackRecordedConsumer(NotificationsDbContext db, TimeProvider time, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestFeedbackRecorded, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestFeedbackRecorded> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        if (!string.IsNullOrWhiteSpace(m.DivisionCode))
        {
            await writer.WriteAsync(notices.FeedbackRecorded(m), [Recipient.ForMailbox(SharedMailboxes.Division(m.DivisionCode))], cancellationToken);
        }
    }
}
