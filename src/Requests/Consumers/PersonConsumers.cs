using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>Keeps the copy of a person that says who filed a web request (name and phone, by sign-in subject).</summary>
public sealed class PersonRegisteredConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonRegistered, RequestsDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.UpsertAsync(Db, m.PersonId, m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.Contact.PhoneE164, m.OccurredAt, cancellationToken);
    }
}

public sealed class PersonContactChangedConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonContactChanged, RequestsDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<PersonContactChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return PersonCopy.UpsertAsync(Db, m.PersonId, m.Subject, m.Title, m.FirstNameTh, m.LastNameTh, m.Contact.PhoneE164, m.OccurredAt, cancellationToken);
    }
}

internal static class PersonCopy
{
    public static async Task UpsertAsync(RequestsDbContext db, Guid id, string? subject, string? title, string firstNameTh, string lastNameTh,
        string? phoneE164, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([id], cancellationToken);
        if (person is null)
        {
            db.People.Add(person = new RegistryPerson(id));
        }

        person.Update(subject, title, firstNameTh, lastNameTh, phoneE164, occurredAt);
    }

    /// <summary>PDPA erasure: a tombstone, so a late event cannot bring the person back.</summary>
    public static async Task EraseAsync(RequestsDbContext db, Guid id, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([id], cancellationToken);
        if (person is null)
        {
            db.People.Add(person = new RegistryPerson(id));
        }

        person.Erase(occurredAt);
    }
}
