using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Consumers;

// The registry copy: people (how to reach them) and offices (who presides over which community).
// Each event carries the whole state; an older event never overwrites a newer one.

public sealed class PersonRegisteredConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonRegistered, NotificationsDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.ApplyAsync(Db, m.PersonId, new PersonState(
            m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.NameEn,
            m.Contact.Email, m.Contact.PhoneE164, m.Contact.LineUserId, m.Contact.PreferredChannel, m.Contact.Language), m.OccurredAt, cancellationToken);
    }
}

public sealed class PersonContactChangedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonContactChanged, NotificationsDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonContactChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.ApplyAsync(Db, m.PersonId, new PersonState(
            m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.NameEn,
            m.Contact.Email, m.Contact.PhoneE164, m.Contact.LineUserId, m.Contact.PreferredChannel, m.Contact.Language), m.OccurredAt, cancellationToken);
    }
}

/// <summary>
/// PDPA erasure: the copy keeps nothing that identifies or reaches the person, their choices and LINE
/// link go, their inbox and every inbox entry about them are deleted, and the stored text of their
/// deliveries is blanked (the record that something was sent stays, for the delivery log). Open
/// deliveries are cancelled.
/// </summary>
public sealed class PersonErasedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonErased, NotificationsDbContext>(db, time)
{
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var person = await Db.People.FirstOrDefaultAsync(p => p.Id == m.PersonId, cancellationToken);
        if (person is null)
        {
            person = Person.Create(m.PersonId); // a tombstone: a late PersonRegistered cannot bring them back
            Db.People.Add(person);
        }

        var subjects = new[] { m.Subject, person.Subject }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct().ToList();
        person.Erase(m.OccurredAt);

        var now = Time.GetUtcNow();
        await Db.Preferences.Where(p => subjects.Contains(p.Subject)).ExecuteDeleteAsync(cancellationToken);
        await Db.LineLinkCodes.Where(c => subjects.Contains(c.Subject)).ExecuteDeleteAsync(cancellationToken);
        await Db.Announcements.Where(a => a.SentBySubject != null && subjects.Contains(a.SentBySubject))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SentBySubject, (string?)null), cancellationToken);
        await Db.RequestCopies.Where(r => r.SubmitterSubject != null && subjects.Contains(r.SubmitterSubject))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SubmitterSubject, (string?)null), cancellationToken);
        await Db.InboxItems.Where(i => (i.RecipientSubject != null && subjects.Contains(i.RecipientSubject)) || i.AboutPersonId == m.PersonId)
            .ExecuteDeleteAsync(cancellationToken);
        var deliveries = await Db.Deliveries
            .Where(d => d.PersonId == m.PersonId || d.AboutPersonId == m.PersonId
                || (d.RecipientSubject != null && subjects.Contains(d.RecipientSubject)))
            .ToListAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            delivery.Scrub(now);
        }
    }
}

public sealed class OfficeAssignedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeAssigned, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeAssigned> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var office = await Db.Offices.FirstOrDefaultAsync(o => o.Id == m.OfficeId, cancellationToken);
        if (office is null)
        {
            Db.Offices.Add(OfficeTerm.Assign(m.OfficeId, m.PersonId, m.Role, m.CommunityId, m.DivisionId, m.StartDate, m.EndDate));
        }
        else
        {
            // OfficeEnded came first: take the real start, keep the earlier end.
            office.LearnStart(m.StartDate);
            if (m.EndDate is { } end)
            {
                office.End(end);
            }
        }
    }
}

public sealed class OfficeEndedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeEnded, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeEnded> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var office = await Db.Offices.FirstOrDefaultAsync(o => o.Id == m.OfficeId, cancellationToken);
        if (office is null)
        {
            // Ended before we saw it start: keep the term with what we know, so it is never taken as current.
            Db.Offices.Add(OfficeTerm.Assign(m.OfficeId, m.PersonId, m.Role, m.CommunityId, m.DivisionId, DateOnly.MinValue, m.EndDate));
            return;
        }

        office.End(m.EndDate);
    }
}

internal static class PersonCopy
{
    public static async Task ApplyAsync(NotificationsDbContext db, Guid personId, PersonState state, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            person = Person.Create(personId);
            db.People.Add(person);
        }

        person.Apply(state, asOf);
    }
}

/// <summary>
/// Sends a person the code that links their sign-in account to them: by SMS to the phone the registry holds (that is the
/// number the account gave), else by the first channel that reaches them; never to an inbox (the account is not theirs
/// yet). A code that expired before it could go out is not sent.
/// </summary>
public sealed class AccountClaimCodeIssuedConsumer(
    NotificationsDbContext db, TimeProvider time, Application.RecipientDirectory directory, Application.Notices notices, Application.NoticeWriter writer)
    : IdempotentConsumer<AccountClaimCodeIssued, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<AccountClaimCodeIssued> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        if (m.ExpiresAt <= Time.GetUtcNow() || await directory.PersonAsync(m.PersonId, cancellationToken) is not { } person)
        {
            return;
        }

        var recipient = person with
        {
            Subject = null,
            PreferredChannel = person.PhoneE164 is not null ? ChannelCodes.Sms : person.PreferredChannel,
        };
        await writer.WriteAsync(notices.ClaimCode(m), [recipient], cancellationToken);
    }
}
