using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Consumers;

/// <summary>
/// Keeps the local copy of a person: names for the attendance sheet and the sign-in subject that links a token to
/// them. Contact details are not kept here. An erased person stays erased whatever arrives after.
/// </summary>
internal static class PersonCopy
{
    public static async Task UpsertAsync(
        SchedulingDbContext db, Guid id, string? subject, string? title, string firstNameTh, string lastNameTh, string? nameEn,
        DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([id], cancellationToken);
        if (person is null)
        {
            db.People.Add(person = new RegistryPerson { Id = id });
        }
        else if (person.Erased || person.UpdatedAt > occurredAt)
        {
            return;
        }

        person.Subject = string.IsNullOrWhiteSpace(subject) ? null : subject;
        person.Title = title;
        person.FirstNameTh = firstNameTh;
        person.LastNameTh = lastNameTh;
        person.NameEn = nameEn;
        person.UpdatedAt = occurredAt;
    }
}

public sealed class PersonRegisteredConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonRegistered, SchedulingDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.UpsertAsync(Db, m.PersonId, m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.NameEn, m.OccurredAt, cancellationToken);
    }
}

public sealed class PersonContactChangedConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonContactChanged, SchedulingDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonContactChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.UpsertAsync(Db, m.PersonId, m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.NameEn, m.OccurredAt, cancellationToken);
    }
}

/// <summary>
/// PDPA erasure: the person's names and subject go (also where their subject signed a registration, an invitation, a
/// programme or a raised issue), their calendar feed address stops working, and their places at
/// sessions that have not started are given up (seats go to the waitlist at once). Past attendance stays as bare
/// ids, so the counts of past sessions do not change.
/// </summary>
public sealed class PersonErasedConsumer(SchedulingDbContext db, TimeProvider time, RegistrationService registrations)
    : IdempotentConsumer<PersonErased, SchedulingDbContext>(db, time)
{
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var now = Time.GetUtcNow();
        var person = await Db.People.FindAsync([m.PersonId], cancellationToken);
        if (person is null)
        {
            Db.People.Add(person = new RegistryPerson { Id = m.PersonId });
        }

        var subject = m.Subject ?? person.Subject;
        person.Erase(m.OccurredAt);
        await Db.Feeds.Where(f => f.PersonId == m.PersonId).ExecuteDeleteAsync(cancellationToken);
        if (!string.IsNullOrEmpty(subject))
        {
            // Who did what keeps its row and loses the name it was signed with: a self-registration, and (for a person
            // who was also staff) the invitations, programmes and raised issues they recorded.
            await Db.Registrations.Where(r => r.RegisteredBySubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.RegisteredBySubject, (string?)null), cancellationToken);
            await Db.Invitations.Where(i => i.IssuedBySubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.IssuedBySubject, (string?)null), cancellationToken);
            await Db.Programmes.Where(p => p.CreatedBySubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedBySubject, (string?)null), cancellationToken);
            await Db.Issues.Where(i => i.RecordedBySubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.RecordedBySubject, (string?)null), cancellationToken);
        }

        var upcoming = await Db.Registrations.AsNoTracking()
            .Where(r => r.PersonId == m.PersonId && r.Status != RegistrationStatus.Cancelled)
            .Join(Db.Sessions.Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt > now), r => r.SessionId, s => s.Id, (r, s) => r)
            .ToListAsync(cancellationToken);
        foreach (var registration in upcoming)
        {
            await registrations.CancelLockedAsync(registration.Id, registration.SessionId, cancellationToken);
        }
    }
}
