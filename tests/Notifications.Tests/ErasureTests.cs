using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;

namespace Municipal.Notifications.Tests;

/// <summary>PDPA erasure: the copy, the inbox and the stored messages lose the person's data, for good.</summary>
public sealed class ErasureTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task Erasing_a_person_scrubs_the_copy_their_inbox_and_their_messages_and_later_events_tell_them_nothing()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "erase-a", email: "erase-a@example.th", channel: ChannelCodes.Email));
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
        await Probe.WaitAsync(async () => (await factory.InboxAsync("erase-a")).Count == 1 && factory.Smtp!.To("erase-a@example.th").Count == 1, "the notices");

        await factory.PublishAsync(new PersonErased { PersonId = person.PersonId, Subject = "erase-a", OccurredAt = DateTimeOffset.UtcNow });

        Assert.Empty(await factory.InboxAsync("erase-a"));
        var copy = await factory.DbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.PersonId));
        Assert.True(copy.IsErased);
        Assert.Null(copy.Email);
        Assert.Null(copy.Subject);
        Assert.Equal("", copy.FirstNameTh);
        var deliveries = await factory.DeliveriesAsync(person.PersonId);
        Assert.NotEmpty(deliveries);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("", d.Title);
            Assert.Equal("", d.Body);
            Assert.Null(d.Html);
            Assert.Null(d.Calendar);
            Assert.Null(d.RecipientSubject);
        });

        // A late, older registry event cannot bring the data back; a later notice reaches nobody.
        await factory.PublishAsync(new PersonContactChanged
        {
            PersonId = person.PersonId, Subject = "erase-a", FirstNameTh = "สมชาย", LastNameTh = "ใจดี",
            Contact = new ContactDetails { Email = "erase-a@example.th", PreferredChannel = "email", Language = "th" },
            OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        });
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Null((await factory.DbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.PersonId))).Email);
        Assert.Single(factory.Smtp!.To("erase-a@example.th"));
        Assert.Empty(await factory.InboxAsync("erase-a"));
    }

    [Fact]
    public async Task Erasing_a_phoned_in_submitter_takes_the_notices_about_their_request_out_of_every_inbox_and_scrubs_what_was_sent()
    {
        var submitted = Events.Submitted(submitter: null) with { Channel = "phone", Title = "ไฟดับ คุณสมศรีโทรแจ้ง" };
        var other = Events.Submitted(submitter: null) with { Channel = "phone", Title = "ถนนพัง" };
        await factory.PublishAsync(submitted);
        await factory.PublishAsync(other);
        var link = $"/requests/{submitted.RequestId}";
        var otherLink = $"/requests/{other.RequestId}";
        // Both notices first: the two events are consumed in any order, and the other request's is the one that must stay.
        await Probe.WaitAsync(async () => await factory.DbAsync(db => db.InboxItems.AnyAsync(i => i.Link == link)), "the division's notice");
        await Probe.WaitAsync(async () => await factory.DbAsync(db => db.InboxItems.AnyAsync(i => i.Link == otherLink)), "the other request's notice");

        await factory.PublishAsync(new RequestSubmitterErased { RequestId = submitted.RequestId, OccurredAt = DateTimeOffset.UtcNow });

        Assert.False(await factory.DbAsync(db => db.InboxItems.AnyAsync(i => i.Link == link)));
        Assert.All(await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Link == link).ToListAsync()), d =>
        {
            Assert.Equal("", d.Title);
            Assert.Equal("", d.Body);
        });
        Assert.True(await factory.DbAsync(db => db.InboxItems.AnyAsync(i => i.Link == otherLink))); // others' stay
    }

    [Fact]
    public async Task Scrubbing_a_delivery_that_has_not_gone_out_cancels_it()
    {
        var delivery = Delivery.Create(new DeliveryDraft("k", "registration-confirmed", Recipient.ForSubject("s", null),
            new RenderedMessage("th", "t", "b", "h", "s"), null, DateTimeOffset.UnixEpoch), ChannelCodes.Line, DateTimeOffset.UnixEpoch);
        delivery.Scrub(DateTimeOffset.UnixEpoch);
        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
        Assert.Equal("", delivery.Title);
        await Task.CompletedTask;
    }
}
