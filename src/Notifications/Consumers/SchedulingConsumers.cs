using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Consumers;

// Scheduling's events: invitations, each registrant's status, and changes to sessions. Each consumer
// writes deliveries (and keeps the registration copy that tells who registered for a session); the
// dispatcher sends them.

public sealed class InvitationIssuedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<InvitationIssued, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<InvitationIssued> context, CancellationToken cancellationToken)
    {
        if (await directory.PersonAsync(context.Message.PersonId, cancellationToken) is { } invitee)
        {
            await writer.WriteAsync(notices.Invitation(context.Message), [invitee], cancellationToken);
        }
    }
}

public sealed class RegistrationConfirmedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RegistrationConfirmed, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationConfirmed> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await Registrations.ApplyAsync(Db, m.RegistrationId, m.Session.SessionId, m.PersonId, m.Code, SessionRegistration.Confirmed, m.OccurredAt, cancellationToken);
        if (await directory.PersonAsync(m.PersonId, cancellationToken) is { } person)
        {
            await writer.WriteAsync(notices.Confirmed(m), [person], cancellationToken);
        }
    }
}

public sealed class RegistrationWaitlistedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RegistrationWaitlisted, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationWaitlisted> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await Registrations.ApplyAsync(Db, m.RegistrationId, m.Session.SessionId, m.PersonId, m.Code, SessionRegistration.Waitlisted, m.OccurredAt, cancellationToken);
        if (await directory.PersonAsync(m.PersonId, cancellationToken) is { } person)
        {
            await writer.WriteAsync(notices.Waitlisted(m), [person], cancellationToken);
        }
    }
}

public sealed class RegistrationPromotedConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RegistrationPromoted, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationPromoted> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await Registrations.ApplyAsync(Db, m.RegistrationId, m.Session.SessionId, m.PersonId, m.Code, SessionRegistration.Confirmed, m.OccurredAt, cancellationToken);
        if (await directory.PersonAsync(m.PersonId, cancellationToken) is { } person)
        {
            await writer.WriteAsync(notices.Promoted(m), [person], cancellationToken);
        }
    }
}

/// <summary>
/// A registration given up. When the whole session was cancelled the session's own notice tells every
/// registrant, so a cancellation that only follows from it says nothing more.
/// </summary>
public sealed class RegistrationCancelledConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<RegistrationCancelled, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationCancelled> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await Registrations.ApplyAsync(Db, m.RegistrationId, m.Session.SessionId, m.PersonId, m.Code, SessionRegistration.Cancelled, m.OccurredAt, cancellationToken);
        if (m.Session.Status != "cancelled" && await directory.PersonAsync(m.PersonId, cancellationToken) is { } person)
        {
            await writer.WriteAsync(notices.Cancelled(m), [person], cancellationToken);
        }
    }
}

public sealed class SessionRescheduledConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<SessionRescheduled, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionRescheduled> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var registrants = await directory.RegistrantsAsync(m.Session.SessionId, m.RegistrantIds, cancellationToken);
        await writer.WriteAsync(notices.Rescheduled(m, Registrations.ByPerson(registrants)), registrants.Select(r => r.Recipient), cancellationToken);
    }
}

public sealed class SessionCancelledConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<SessionCancelled, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionCancelled> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var registrants = await directory.RegistrantsAsync(m.Session.SessionId, m.RegistrantIds, cancellationToken);
        await writer.WriteAsync(notices.SessionWasCancelled(m, Registrations.ByPerson(registrants)), registrants.Select(r => r.Recipient), cancellationToken);
    }
}

/// <summary>
/// A reminder for one registrant. None for a session or registration known to be cancelled, nor once the
/// session has begun (an event that arrives late): a reminder then would only be wrong.
/// </summary>
public sealed class SessionReminderDueConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<SessionReminderDue, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionReminderDue> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var registration = await Db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == m.RegistrationId, cancellationToken);
        if (m.Session.Status == "cancelled" || registration?.Status == SessionRegistration.Cancelled
            || notices.ReminderMoment(m) >= m.Session.StartsAt)
        {
            return;
        }

        if (await directory.PersonAsync(m.PersonId, cancellationToken) is { } person)
        {
            await writer.WriteAsync(notices.Reminder(m), [person], cancellationToken);
        }
    }
}

internal static class Registrations
{
    public static IReadOnlyDictionary<Guid, SessionRegistration> ByPerson(
        IEnumerable<(SessionRegistration? Registration, Recipient Recipient)> registrants) =>
        registrants.Where(r => r.Registration is not null).ToDictionary(r => r.Recipient.PersonId!.Value, r => r.Registration!);

    public static async Task ApplyAsync(
        NotificationsDbContext db, Guid registrationId, Guid sessionId, Guid personId, string code, string status, DateTimeOffset asOf,
        CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null)
        {
            registration = SessionRegistration.Create(registrationId, sessionId, personId, code);
            db.Registrations.Add(registration);
        }

        registration.Apply(status, sessionId, code, asOf);
    }
}
