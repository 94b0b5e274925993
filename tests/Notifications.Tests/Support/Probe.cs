using MassTransit;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Municipal.Notifications.Domain;
using Municipal.Testing;

namespace Municipal.Notifications.Tests.Support;

/// <summary>Publishes events to the service under test and looks at what came of them.</summary>
public static class Probe
{
    public static async Task PublishAsync<T>(this NotificationsFactory factory, T message, Guid? messageId = null) where T : class
    {
        factory.CreateClient().Dispose(); // the host runs
        var id = messageId ?? Guid.NewGuid();
        await factory.Harness.Bus.Publish(message, c => c.MessageId = id);
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<T>(c => c.Context.MessageId == id).Any()),
            what: $"{typeof(T).Name} {id} to be consumed");
    }

    /// <summary>A person in the registry copy, as the registry announced them.</summary>
    public static async Task<Contracts.PersonRegistered> KnowAsync(this NotificationsFactory factory, Contracts.PersonRegistered person)
    {
        await factory.PublishAsync(person);
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.People.AnyAsync(p => p.Id == person.PersonId)), what: "the person in the copy");
        return person;
    }

    public static Task<List<InboxItem>> InboxAsync(this NotificationsFactory factory, string subject) =>
        factory.DbAsync(db => db.InboxItems.AsNoTracking().Where(i => i.RecipientSubject == subject).OrderBy(i => i.CreatedAt).ToListAsync());

    public static Task<List<Delivery>> DeliveriesAsync(this NotificationsFactory factory, Guid personId) =>
        factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.PersonId == personId).OrderBy(d => d.CreatedAt).ToListAsync());

    public static Task WaitAsync(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(30), what);

    /// <summary>The iCalendar attachment of a mail, decoded.</summary>
    public static string? Ics(this MimeMessage message) => message.Attachments.OfType<TextPart>()
        .FirstOrDefault(p => p.FileName?.EndsWith(".ics", StringComparison.Ordinal) == true)?.Text;
}
