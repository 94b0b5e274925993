using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Tests;

/// <summary>Quiet hours (21:00–07:00 Bangkok) on a fake clock that starts at 22:00.</summary>
public sealed class QuietHoursTests(QuietHoursFactory factory) : IClassFixture<QuietHoursFactory>
{
    private Task<Delivery?> DeliveryAsync(Guid personId, string channel, string kind) => factory.DbAsync(db =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.PersonId == personId && d.Channel == channel && d.Kind == kind));

    /// <summary>Moves the clock on to the next 22:00 in Bangkok (each test starts there, whatever ran before).</summary>
    private DateTimeOffset TenInTheEvening()
    {
        var bangkok = factory.Time!.GetUtcNow().ToOffset(BangkokTime.Offset);
        var ten = new DateTimeOffset(bangkok.Date.AddHours(22), BangkokTime.Offset);
        if (ten < bangkok)
        {
            ten = ten.AddDays(1);
        }

        factory.Time.SetUtcNow(ten.ToUniversalTime());
        return factory.Time.GetUtcNow();
    }

    [Fact]
    public async Task Line_waits_for_the_end_of_quiet_hours_while_the_inbox_and_email_do_not()
    {
        var now = TenInTheEvening();
        var lineUser = "U" + Guid.NewGuid().ToString("N");
        var byLine = await factory.KnowAsync(Events.Person(subject: "quiet-line", line: lineUser, channel: ChannelCodes.Line, at: now));
        var byEmail = await factory.KnowAsync(Events.Person(subject: "quiet-mail", email: "quiet-mail@example.th", channel: ChannelCodes.Email, at: now));

        await factory.PublishAsync(Events.Confirmed(byLine.PersonId, Events.Session(), at: now));
        await factory.PublishAsync(Events.Confirmed(byEmail.PersonId, Events.Session(), at: now));

        await Probe.WaitAsync(async () => (await DeliveryAsync(byLine.PersonId, ChannelCodes.Line, "registration-confirmed"))?.Status == DeliveryStatus.Deferred,
            "the LINE delivery to be held");
        await Probe.WaitAsync(async () => (await factory.InboxAsync("quiet-line")).Count == 1, "the inbox entry at once");
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp!.To("quiet-mail@example.th").Count == 1), "the mail at once");
        var held = await DeliveryAsync(byLine.PersonId, ChannelCodes.Line, "registration-confirmed");
        Assert.Equal(now.AddHours(9), held!.NextAttemptAt); // 07:00 Bangkok
        Assert.DoesNotContain(factory.Line!.Requests, r => r.Body.Contains(lineUser, StringComparison.Ordinal));

        factory.Time!.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(59));
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.DoesNotContain(factory.Line.Requests, r => r.Body.Contains(lineUser, StringComparison.Ordinal));

        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        await Probe.WaitAsync(async () => (await DeliveryAsync(byLine.PersonId, ChannelCodes.Line, "registration-confirmed"))?.Status == DeliveryStatus.Sent,
            "the LINE delivery at 07:00");
        Assert.Single(factory.Line.Requests, r => r.Body.Contains(lineUser, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reminder_due_in_quiet_hours_for_an_early_session_goes_out_just_before_it_starts()
    {
        var now = TenInTheEvening();
        var phone = "+6681" + Random.Shared.Next(1000000, 9999999);
        var person = await factory.KnowAsync(Events.Person(phone: phone, channel: ChannelCodes.Sms, at: now));
        var startsAt = now.AddHours(8);
        await factory.PublishAsync(new Contracts.SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = person.PersonId, Code = "EARLY1", OffsetBeforeStart = TimeSpan.FromHours(8),
            Session = Events.Session(startsAt: startsAt), OccurredAt = now,
        });

        await Probe.WaitAsync(async () => (await DeliveryAsync(person.PersonId, ChannelCodes.Sms, "session-reminder"))?.Status == DeliveryStatus.Deferred,
            "the SMS reminder to be held");
        var held = await DeliveryAsync(person.PersonId, ChannelCodes.Sms, "session-reminder");
        var quietEnds = QuietHours.Default.EndOf(now);
        var expected = quietEnds > startsAt.AddMinutes(-30) ? startsAt.AddMinutes(-30) : quietEnds;
        Assert.Equal(expected, held!.NextAttemptAt);
        Assert.True(held.NextAttemptAt < startsAt);

        factory.Time!.SetUtcNow(held.NextAttemptAt);
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        await Probe.WaitAsync(async () => (await DeliveryAsync(person.PersonId, ChannelCodes.Sms, "session-reminder"))?.Status == DeliveryStatus.Sent,
            "the SMS reminder before the session");
        Assert.Contains(factory.Sms!.Requests, r => r.Body.Contains("EARLY1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reminder_held_until_after_the_session_has_begun_is_cancelled_not_sent()
    {
        var now = TenInTheEvening();
        var phone = "+6681" + Random.Shared.Next(1000000, 9999999);
        var person = await factory.KnowAsync(Events.Person(phone: phone, channel: ChannelCodes.Sms, at: now));
        var startsAt = now.AddHours(8);
        await factory.PublishAsync(new Contracts.SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = person.PersonId, Code = "TOOLATE", OffsetBeforeStart = TimeSpan.FromHours(24),
            Session = Events.Session(startsAt: startsAt), OccurredAt = now,
        });
        await Probe.WaitAsync(async () => (await DeliveryAsync(person.PersonId, ChannelCodes.Sms, "session-reminder"))?.Status == DeliveryStatus.Deferred,
            "the SMS reminder to be held");

        factory.Time!.SetUtcNow(startsAt.AddMinutes(1)); // the dispatcher did not get to it in time
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        await Probe.WaitAsync(async () => (await DeliveryAsync(person.PersonId, ChannelCodes.Sms, "session-reminder"))?.Status == DeliveryStatus.Cancelled,
            "the late SMS reminder to be cancelled");
        Assert.DoesNotContain(factory.Sms!.Requests, r => r.Body.Contains("TOOLATE", StringComparison.Ordinal));
    }
}
