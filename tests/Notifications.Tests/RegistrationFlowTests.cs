using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The "done when", with the events published to the service by the test: a registration gives one
/// Thai inbox entry and one mail with an .ics (received over real SMTP); replaying the event gives nothing
/// more; cancelling the session sends METHOD:CANCEL with a higher sequence.
/// </summary>
public sealed class RegistrationFlowTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task A_registration_is_told_once_in_the_inbox_and_by_mail_with_an_ics_and_a_cancellation_cancels_it()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "flow-a", email: "flow-a@example.th", channel: ChannelCodes.Email));
        var session = Events.Session(sequence: 2);
        var confirmed = Events.Confirmed(person.PersonId, session);
        var messageId = Guid.NewGuid();

        await factory.PublishAsync(confirmed, messageId);
        await Probe.WaitAsync(async () => (await factory.InboxAsync("flow-a")).Count == 1 && factory.Smtp!.To("flow-a@example.th").Count == 1,
            "the inbox entry and the mail");

        var entry = Assert.Single(await factory.InboxAsync("flow-a"));
        Assert.Equal("registration-confirmed", entry.Kind);
        Assert.StartsWith("ยืนยันการลงทะเบียน", entry.Title);
        Assert.Contains("วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น.", entry.Body);
        var mail = Assert.Single(factory.Smtp!.To("flow-a@example.th"));
        Assert.Equal(entry.Title, mail.Subject);
        Assert.Contains("K7Q4P2", mail.TextBody);
        Assert.Contains("K7Q4P2", mail.HtmlBody);
        var invite = mail.Ics();
        Assert.NotNull(invite);
        Assert.Contains("METHOD:REQUEST", invite);
        Assert.Contains($"UID:session-{session.SessionId:N}@scheduling.municipal", invite);
        Assert.Contains("SEQUENCE:2", invite);

        // Redelivered (same message id) and replayed by a publisher (a new message id): nothing more.
        await factory.PublishAsync(confirmed, messageId);
        await factory.PublishAsync(confirmed);
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Single(await factory.InboxAsync("flow-a"));
        Assert.Single(factory.Smtp.To("flow-a@example.th"));
        var deliveries = await factory.DeliveriesAsync(person.PersonId);
        Assert.Equal([ChannelCodes.InApp, ChannelCodes.Email], deliveries.Select(d => d.Channel).Order(StringComparer.Ordinal).Reverse());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        await factory.PublishAsync(Events.Cancelled(session));
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp.To("flow-a@example.th").Count == 2), "the cancellation mail");
        var cancellation = factory.Smtp.To("flow-a@example.th").Last();
        Assert.StartsWith("ยกเลิก", cancellation.Subject);
        var cancel = cancellation.Ics()!;
        Assert.Contains("METHOD:CANCEL", cancel);
        Assert.Contains("STATUS:CANCELLED", cancel);
        Assert.Contains($"UID:session-{session.SessionId:N}@scheduling.municipal", cancel);
        Assert.Contains("SEQUENCE:3", cancel);
        await Probe.WaitAsync(async () => (await factory.InboxAsync("flow-a")).Count == 2, "the cancellation in the inbox");
    }

    [Fact]
    public async Task A_person_who_reads_english_gets_english_with_common_era_dates()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "flow-en", email: "flow-en@example.th", channel: ChannelCodes.Email, language: "en"));
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp!.To("flow-en@example.th").Count == 1), "the mail");

        var mail = Assert.Single(factory.Smtp!.To("flow-en@example.th"));
        Assert.StartsWith("Registration confirmed", mail.Subject);
        Assert.Contains("Dear Somchai Jaidee", mail.TextBody);
        Assert.Contains("Tuesday 19 November 2019 at 09:00", mail.TextBody);
    }

    [Fact]
    public async Task A_waitlisted_registrant_is_told_their_position_and_gets_no_calendar_entry()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "flow-w", email: "flow-w@example.th", channel: ChannelCodes.Email));
        await factory.PublishAsync(new Contracts.RegistrationWaitlisted
        {
            RegistrationId = Guid.NewGuid(), PersonId = person.PersonId, Code = "W9", Position = 7, Session = Events.Session(), OccurredAt = DateTimeOffset.UtcNow,
        });
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp!.To("flow-w@example.th").Count == 1), "the mail");

        var mail = Assert.Single(factory.Smtp!.To("flow-w@example.th"));
        Assert.Contains("ลำดับสำรองที่ 7", mail.TextBody);
        Assert.Null(mail.Ics());
    }

    [Fact]
    public async Task Rescheduling_tells_every_active_registrant_with_their_own_code_and_not_those_who_cancelled()
    {
        var session = Events.Session(sequence: 1);
        var staying = await factory.KnowAsync(Events.Person(subject: "flow-r1", email: "flow-r1@example.th", channel: ChannelCodes.Email));
        var leaving = await factory.KnowAsync(Events.Person(subject: "flow-r2"));
        var stayingRegistration = Events.Confirmed(staying.PersonId, session) with { Code = "STAY01" };
        var leavingRegistration = Events.Confirmed(leaving.PersonId, session) with { Code = "GONE01" };
        await factory.PublishAsync(stayingRegistration);
        await factory.PublishAsync(leavingRegistration);
        await factory.PublishAsync(new Contracts.RegistrationCancelled
        {
            RegistrationId = leavingRegistration.RegistrationId, PersonId = leaving.PersonId, Code = "GONE01", PreviousStatus = "confirmed",
            Session = session, OccurredAt = DateTimeOffset.UtcNow.AddSeconds(1),
        });

        await factory.PublishAsync(new Contracts.SessionRescheduled
        {
            Session = session with { StartsAt = session.StartsAt.AddDays(2), EndsAt = session.EndsAt.AddDays(2), Sequence = 2 },
            PreviousStartsAt = session.StartsAt, PreviousEndsAt = session.EndsAt, PreviousVenueName = session.VenueName,
            OccurredAt = DateTimeOffset.UtcNow.AddSeconds(2),
        });

        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp!.To("flow-r1@example.th").Count == 2), "the rescheduling mail");
        var moved = factory.Smtp!.To("flow-r1@example.th").Last();
        Assert.Contains("STAY01", moved.TextBody);
        Assert.Contains("วันพฤหัสบดีที่ 21 พฤศจิกายน 2562", moved.TextBody);
        Assert.Contains("SEQUENCE:2", moved.Ics());
        var leaverKinds = await factory.DbAsync(db => db.Deliveries.Where(d => d.PersonId == leaving.PersonId).Select(d => d.Kind).ToListAsync());
        Assert.DoesNotContain("session-rescheduled", leaverKinds);
    }

    [Fact]
    public async Task A_cancellation_tells_the_registrants_scheduling_names_even_before_their_registration_arrived_here()
    {
        var session = Events.Session(sequence: 4);
        var named = await factory.KnowAsync(Events.Person(subject: "flow-named"));
        await factory.PublishAsync(Events.Cancelled(session) with { RegistrantIds = [named.PersonId] });

        await Probe.WaitAsync(async () => (await factory.InboxAsync("flow-named")).Count == 1, "the cancellation");
        var entry = Assert.Single(await factory.InboxAsync("flow-named"));
        Assert.Equal("session-cancelled", entry.Kind);
        Assert.Contains("ห้องประชุมปิดปรับปรุง", entry.Body);
    }

    [Fact]
    public async Task A_reminder_is_sent_once_per_registration_and_offset_and_not_for_a_cancelled_session()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "flow-rem"));
        var session = Events.Session(startsAt: DateTimeOffset.UtcNow.AddDays(1)); // a reminder is for a session still to come
        var reminder = new Contracts.SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = person.PersonId, Code = "R1", OffsetBeforeStart = TimeSpan.FromHours(24),
            Session = session, OccurredAt = DateTimeOffset.UtcNow,
        };
        await factory.PublishAsync(reminder);
        await factory.PublishAsync(reminder with { OccurredAt = DateTimeOffset.UtcNow.AddMinutes(1) }); // republished after a restart
        await factory.PublishAsync(reminder with { RegistrationId = Guid.NewGuid(), Session = session with { Status = "cancelled" } });
        await Probe.WaitAsync(async () => (await factory.InboxAsync("flow-rem")).Count == 1, "the reminder");
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);

        var entry = Assert.Single(await factory.InboxAsync("flow-rem"));
        Assert.Equal($"แจ้งเตือน: โครงการฝึกอบรมเพิ่มประสิทธิภาพผู้นำชุมชน ครั้งที่ 1 พรุ่งนี้ เวลา {Rendering.DateText.Time(session.StartsAt)} น.", entry.Title);
    }

    [Fact]
    public async Task A_reminder_that_arrives_once_the_session_has_begun_is_not_sent()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "flow-begun"));
        var begun = new Contracts.SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = person.PersonId, Code = "LATE01", OffsetBeforeStart = TimeSpan.FromHours(2),
            Session = Events.Session(startsAt: DateTimeOffset.UtcNow.AddMinutes(-5)), OccurredAt = DateTimeOffset.UtcNow.AddHours(-2),
        };

        await factory.PublishAsync(begun); // consumed once this returns
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(0, await factory.DbAsync(db => db.Deliveries.CountAsync(d => d.PersonId == person.PersonId && d.Kind == "session-reminder")));
        Assert.Empty(await factory.InboxAsync("flow-begun"));
    }

    [Fact]
    public async Task An_event_for_a_person_the_copy_does_not_know_yet_waits_for_the_registry()
    {
        var person = Events.Person(subject: "flow-late");
        factory.CreateClient().Dispose();
        await factory.Harness.Bus.Publish(Events.Confirmed(person.PersonId, Events.Session()));
        await factory.Harness.Bus.Publish(person); // the registry's event arrives second
        await Probe.WaitAsync(async () => (await factory.InboxAsync("flow-late")).Count == 1, "the entry once the person is known");
    }
}
