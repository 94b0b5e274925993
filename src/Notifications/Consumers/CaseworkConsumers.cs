using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Application.Line;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Consumers;

// Requests' casework events: the question about the fix, and its answer.

/// <summary>
/// Asks the submitter, on their own channel (the in-app inbox and their preferred channel), whether their resolved request
/// was really fixed. The submitter is named by sign-in subject, or by the registry's person for a phoned-in request; one
/// the registry has erased is not asked.
/// </summary>
public sealed class RequestFeedbackRequestedConsumer(
    NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer, LineChat chat)
    : IdempotentConsumer<RequestFeedbackRequested, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestFeedbackRequested> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        if (await chat.AskFeedbackAsync(m, cancellationToken))
        {
            return; // a LINE reporter is asked in the chat, with the rating buttons
        }

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

/// <summary>
/// Tells the division that resolved a request what its submitter answered (its shared inbox), and the LINE chat that the
/// round has its answer (a second tap there is answered in the chat, not sent on).
/// </summary>
public sealed class RequestFeedbackRecordedConsumer(NotificationsDbContext db, TimeProvider time, CaseworkNotices notices, NoticeWriter writer, LineChat chat)
    : IdempotentConsumer<RequestFeedbackRecorded, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestFeedbackRecorded> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await chat.FeedbackRecordedAsync(m, cancellationToken);
        if (!string.IsNullOrWhiteSpace(m.DivisionCode))
        {
            await writer.WriteAsync(notices.FeedbackRecorded(m), [Recipient.ForMailbox(SharedMailboxes.Division(m.DivisionCode))], cancellationToken);
        }
    }
}

/// <summary>
/// An overdue request: at the <c>division</c> level its division's shared inbox and its current head (on their channels),
/// at the <c>head</c> level the head alone, again.
/// </summary>
public sealed class RequestEscalatedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestEscalated, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestEscalated> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var recipients = new List<Recipient>();
        if (m.Level != "head")
        {
            recipients.Add(Recipient.ForMailbox(SharedMailboxes.Division(m.DivisionCode)));
        }

        recipients.AddRange(await directory.DivisionHeadsAsync(m.DivisionId, BangkokTime.DateOf(m.EscalatedAt), cancellationToken));
        await writer.WriteAsync(notices.Escalation(m), recipients, cancellationToken);
    }
}

/// <summary>The daily Thai list of a division's overdue requests: its shared inbox and its head.</summary>
public sealed class DivisionOverdueDigestConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<DivisionOverdueDigest, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<DivisionOverdueDigest> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var heads = await directory.DivisionHeadsAsync(m.DivisionId, m.Day, cancellationToken);
        await writer.WriteAsync(notices.OverdueDigest(m), [Recipient.ForMailbox(SharedMailboxes.Division(m.DivisionCode)), .. heads], cancellationToken);
    }
}

/// <summary>A request handed to another division: that division's shared inbox.</summary>
public sealed class RequestReroutedConsumer(NotificationsDbContext db, TimeProvider time, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestRerouted, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestRerouted> context, CancellationToken cancellationToken) =>
        await writer.WriteAsync(notices.Rerouted(context.Message), [Recipient.ForMailbox(SharedMailboxes.Division(context.Message.ToDivisionCode))], cancellationToken);
}

/// <summary>A request assigned to an officer: the officer, by sign-in subject (their inbox, and their channel when the registry knows them).</summary>
public sealed class RequestAssignedToOfficerConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestAssignedToOfficer, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestAssignedToOfficer> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        if (!string.IsNullOrEmpty(m.OfficerSubject) && m.OfficerSubject != m.AssignedBySubject)
        {
            await writer.WriteAsync(notices.Assigned(m), [await directory.SubjectAsync(m.OfficerSubject, cancellationToken)], cancellationToken);
        }
    }
}
