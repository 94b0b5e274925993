using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Consumers;

// Requests' events. The submitter is named by their sign-in subject: the registry's person with that
// subject if there is one (their channels and language), else just their in-app inbox.

/// <summary>Tells the submitter their request arrived, and puts it in the responsible division's staff inbox.</summary>
public sealed class RequestSubmittedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestSubmitted, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestSubmitted> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        if (!string.IsNullOrEmpty(m.SubmitterSubject))
        {
            var submitter = await directory.SubjectAsync(m.SubmitterSubject, cancellationToken);
            await writer.WriteAsync(notices.Submitted(m, forDivision: false), [submitter], cancellationToken);
        }

        if (Notices.DivisionOf(m) is { } division)
        {
            await writer.WriteAsync(notices.Submitted(m, forDivision: true), [Recipient.ForMailbox(SharedMailboxes.Division(division))], cancellationToken);
        }
    }
}

/// <summary>Tells the submitter, and the community's current president (unless that is the submitter).</summary>
public sealed class RequestStatusChangedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestStatusChanged, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestStatusChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        Recipient? submitter = null;
        if (!string.IsNullOrEmpty(m.SubmitterSubject))
        {
            submitter = await directory.SubjectAsync(m.SubmitterSubject, cancellationToken);
            await writer.WriteAsync(notices.StatusChanged(m, forPresident: false), [submitter], cancellationToken);
        }

        var presidents = await directory.PresidentsAsync([m.CommunityId], BangkokTime.DateOf(m.ChangedAt), cancellationToken);
        await writer.WriteAsync(notices.StatusChanged(m, forPresident: true), presidents.Where(p => p.Key != submitter?.Key), cancellationToken);
    }
}

/// <summary>Tells the current presidents of the communities behind a plan project.</summary>
public sealed class PlanProjectProgressedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<PlanProjectProgressed, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<PlanProjectProgressed> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var presidents = await directory.PresidentsAsync(m.CommunityIds, BangkokTime.DateOf(m.OccurredAt), cancellationToken);
        await writer.WriteAsync(notices.ProjectProgressed(m), presidents, cancellationToken);
    }
}

/// <summary>
/// A phoned-in or Open311 submitter was erased: the notices about their request (which may name them in its title)
/// leave the inboxes, and what the deliveries said is scrubbed, as for PersonErased.
/// </summary>
public sealed class RequestSubmitterErasedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<RequestSubmitterErased, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestSubmitterErased> context, CancellationToken cancellationToken)
    {
        var link = $"/requests/{context.Message.RequestId}";
        var now = Time.GetUtcNow();
        foreach (var delivery in await Db.Deliveries.Where(d => d.Link == link).ToListAsync(cancellationToken))
        {
            delivery.Scrub(now);
        }

        await Db.InboxItems.Where(i => i.Link == link).ExecuteDeleteAsync(cancellationToken);
    }
}
