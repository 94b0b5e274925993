using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Application.Line;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Consumers;

// Requests' events. The submitter is named by their sign-in subject: the registry's person with that
// subject if there is one (their channels and language), else just their in-app inbox.

/// <summary>
/// Tells the submitter their request arrived (a LINE reporter in the chat, with its number), puts it in the responsible
/// division's staff inbox, and keeps the copy the LINE chat reads (<see cref="RequestCopy"/>).
/// </summary>
public sealed class RequestSubmittedConsumer(
    NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer, LineChat chat)
    : IdempotentConsumer<RequestSubmitted, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestSubmitted> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var copy = await Db.RequestCopies.FirstOrDefaultAsync(r => r.Id == m.RequestId, cancellationToken);
        if (copy is null)
        {
            Db.RequestCopies.Add(RequestCopy.Submitted(m.RequestId, m.Number, m.Category, m.Title, m.SubmitterSubject, m.Latitude, m.Longitude, m.SubmittedAt));
        }
        else
        {
            copy.Fill(m.Title, m.Latitude, m.Longitude, m.SubmittedAt);
        }

        if (Domain.Line.LineReporter.IsSubject(m.SubmitterSubject))
        {
            await chat.TellNumberAsync(m, cancellationToken);
        }

        var told = new List<(Notice, IEnumerable<Recipient>)>(2);
        if (!Domain.Line.LineReporter.IsSubject(m.SubmitterSubject) && !string.IsNullOrEmpty(m.SubmitterSubject))
        {
            told.Add((notices.Submitted(m, forDivision: false), [await directory.SubjectAsync(m.SubmitterSubject, cancellationToken)]));
        }

        if (Notices.DivisionOf(m) is { } division)
        {
            told.Add((notices.Submitted(m, forDivision: true), [Recipient.ForMailbox(SharedMailboxes.Division(division))]));
        }

        if (told.Count > 0)
        {
            await writer.WriteAsync(told, cancellationToken); // one look at what was written for the event already
        }
    }
}

/// <summary>
/// Tells the submitter (a LINE reporter on LINE, with the public status note), and the community's current president
/// (unless that is the submitter); keeps the copy the LINE chat reads.
/// </summary>
public sealed class RequestStatusChangedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RequestStatusChanged, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestStatusChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var copy = await Db.RequestCopies.FirstOrDefaultAsync(r => r.Id == m.RequestId, cancellationToken);
        if (copy is null)
        {
            Db.RequestCopies.Add(RequestCopy.Changed(m.RequestId, m.Number, m.Category, m.SubmitterSubject, m.To, m.Note, m.ChangedAt));
        }
        else
        {
            copy.Move(m.To, m.Note, m.ChangedAt);
        }

        Recipient? submitter = null;
        if (!string.IsNullOrEmpty(m.SubmitterSubject))
        {
            submitter = await directory.SubmitterAsync(m.SubmitterSubject, cancellationToken);
            if (submitter is not null)
            {
                await writer.WriteAsync(notices.StatusChanged(m, forPresident: false), [submitter], cancellationToken);
            }
        }

        IReadOnlyList<Recipient> presidents = m.CommunityId is { } community
            ? await directory.PresidentsAsync([community], BangkokTime.DateOf(m.ChangedAt), cancellationToken)
            : [];
        await writer.WriteAsync(notices.StatusChanged(m, forPresident: true), presidents.Where(p => p.Key != submitter?.Key), cancellationToken);
    }
}

/// <summary>
/// Staff placed a request (an address-only one from Open311 or LINE, or a moved pin): the LINE chat's copy takes the
/// point, so "me too" is offered near it. Nobody is told; the placement is not a change of state.
/// </summary>
public sealed class RequestPlacedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<RequestPlaced, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RequestPlaced> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var copy = await Db.RequestCopies.FirstOrDefaultAsync(r => r.Id == m.RequestId, cancellationToken);
        if (copy is null)
        {
            copy = RequestCopy.Changed(m.RequestId, m.Number, m.Category, m.SubmitterSubject, m.Status, note: null, m.PlacedAt);
            Db.RequestCopies.Add(copy);
        }

        copy.Locate(m.Latitude, m.Longitude, m.PlacedAt);
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
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<RequestSubmitterErased> context, CancellationToken cancellationToken)
    {
        var link = $"/requests/{context.Message.RequestId}";
        var now = Time.GetUtcNow();
        foreach (var delivery in await Db.Deliveries.Where(d => d.Link == link).ToListAsync(cancellationToken))
        {
            delivery.Scrub(now);
        }

        await Db.InboxItems.Where(i => i.Link == link).ExecuteDeleteAsync(cancellationToken);
        // The chat's copy keeps the request's number, kind and place for "me too"; its words may name them.
        await Db.RequestCopies.Where(r => r.Id == context.Message.RequestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Title, ""), cancellationToken);
    }
}
