using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>Reminders and cut-offs on a clock the test moves (FakeTimeProvider).</summary>
public sealed class RemindersTests(ClockedSchedulingFactory factory) : IClassFixture<ClockedSchedulingFactory>
{
    private FakeTimeProvider Clock => factory.Clock;

    private async Task<JsonElement> RegisterAsync(string subject, Guid session)
    {
        using var client = factory.ClientAs(subject, "community-leader");
        using var response = await client.PostAsync($"/api/scheduling/sessions/{session}/registrations", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private Task<int> DispatchAsync() =>
        factory.WithScopeAsync(s => s.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(CancellationToken.None));

    /// <summary>What was recorded for a registration: offset in hours → sent or superseded.</summary>
    private Task<Dictionary<double, string>> RecordedAsync(Guid registration) =>
        factory.InDbAsync(async db => (await db.ReminderDispatches.Where(d => d.RegistrationId == registration).ToListAsync())
            .ToDictionary(d => d.OffsetMinutes / 60.0, d => d.Outcome));

    /// <summary>
    /// Days ahead of the clock, so tests sharing the host (and its one clock) do not meet. The clock jumps with
    /// <c>AdjustTime</c>, which fires no timers (a jump of days through every periodic timer would take long);
    /// the dispatcher is then run directly.
    /// </summary>
    private DateTimeOffset Later(int days) => Clock.GetUtcNow().AddDays(days);

    [Fact]
    public async Task Confirmed_registrants_get_the_24_hour_and_the_2_hour_reminder_once_each_and_the_waitlisted_none()
    {
        var start = Later(10).AddHours(30);
        var session = await factory.NewSessionAsync(2, start);
        await factory.AddPeopleAsync(["rem-a", "rem-b", "rem-c"]);
        var a = await RegisterAsync("rem-a", session.Id());
        var b = await RegisterAsync("rem-b", session.Id());
        var c = await RegisterAsync("rem-c", session.Id());
        Assert.Equal("waitlisted", c.Str("status"));

        Clock.AdjustTime(start - TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await DispatchAsync();
        Assert.Empty(await RecordedAsync(a.Id()));

        Clock.AdjustTime(start - TimeSpan.FromHours(24));
        await DispatchAsync();
        await DispatchAsync();
        Assert.Equal(new Dictionary<double, string> { [24] = "sent" }, await RecordedAsync(a.Id()));
        Assert.Equal(new Dictionary<double, string> { [24] = "sent" }, await RecordedAsync(b.Id()));
        Assert.Empty(await RecordedAsync(c.Id()));
        var reminder = await factory.PublishedAsync<SessionReminderDue>(m => m.RegistrationId == a.Id());
        Assert.Equal(TimeSpan.FromHours(24), reminder.OffsetBeforeStart);
        Assert.Equal(start, reminder.Session.StartsAt);

        // B gives up the seat (staff, after the person's cut-off); C is promoted and then gets only the 2-hour reminder.
        using (var staff = factory.Staff())
        {
            using var cancelled = await staff.PostAsync($"/api/scheduling/registrations/{b.Id()}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        Clock.AdjustTime(start - TimeSpan.FromHours(2));
        await DispatchAsync();
        Assert.Equal(new Dictionary<double, string> { [24] = "sent", [2] = "sent" }, await RecordedAsync(a.Id()));
        Assert.Equal(new Dictionary<double, string> { [24] = "sent" }, await RecordedAsync(b.Id()));
        Assert.Equal(new Dictionary<double, string> { [24] = "superseded", [2] = "sent" }, await RecordedAsync(c.Id()));

        Clock.AdjustTime(start + TimeSpan.FromMinutes(5));
        await DispatchAsync();
        Assert.Equal(2, (await RecordedAsync(a.Id())).Count);
        await Eventually.TrueAsync(() => Task.FromResult(factory.PublishedSoFar<SessionReminderDue>(m => m.RegistrationId == c.Id()).Count == 1));
        Assert.Single(factory.PublishedSoFar<SessionReminderDue>(m => m.RegistrationId == c.Id() && m.OffsetBeforeStart == TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task A_reminder_moves_with_its_session_and_none_goes_out_for_a_cancelled_session()
    {
        var start = Later(20).AddHours(30);
        var moving = await factory.NewSessionAsync(3, start);
        var cancelled = await factory.NewSessionAsync(3, start);
        await factory.AddPeopleAsync(["mv-a"]);
        var a = await RegisterAsync("mv-a", moving.Id());
        var b = await RegisterAsync("mv-a", cancelled.Id());

        var newStart = start.AddDays(2);
        using (var staff = factory.Staff())
        {
            using var moved = await staff.PutIfMatchAsync($"/api/scheduling/sessions/{moving.Id()}", new
            {
                title = "การประชุมทดสอบ",
                startsAt = newStart.ToString("O"),
                endsAt = newStart.AddHours(3).ToString("O"),
            });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            using var gone = await staff.PostAsync($"/api/scheduling/sessions/{cancelled.Id()}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        }

        Clock.AdjustTime(start - TimeSpan.FromHours(23));
        await DispatchAsync();
        Assert.Empty(await RecordedAsync(a.Id()));
        Assert.Empty(await RecordedAsync(b.Id()));

        Clock.AdjustTime(newStart - TimeSpan.FromHours(23));
        await DispatchAsync();
        Assert.Equal(new Dictionary<double, string> { [24] = "sent" }, await RecordedAsync(a.Id()));
        Assert.Empty(await RecordedAsync(b.Id()));
        var reminder = await factory.PublishedAsync<SessionReminderDue>(m => m.RegistrationId == a.Id());
        Assert.Equal(newStart, reminder.Session.StartsAt);
    }

    [Fact]
    public async Task The_reminder_service_sends_due_reminders_on_its_own_as_the_clock_moves()
    {
        var start = Clock.GetUtcNow().AddHours(24).AddMinutes(1);
        var session = await factory.NewSessionAsync(3, start);
        await factory.AddPersonAsync("bg-a");
        var a = await RegisterAsync("bg-a", session.Id());

        // Two poll intervals on: the service's timer fires on the fake clock, past the 24-hour point.
        Clock.Advance(TimeSpan.FromMinutes(2));
        var reminder = await factory.PublishedAsync<SessionReminderDue>(m => m.RegistrationId == a.Id());
        Assert.Equal(TimeSpan.FromHours(24), reminder.OffsetBeforeStart);
    }

    [Fact]
    public async Task A_person_cannot_give_up_a_seat_within_24_hours_of_the_start_but_may_leave_the_waitlist()
    {
        // Registered now; the session starts in 40 days. Then the clock moves to 23 hours before the start.
        var session = await factory.NewSessionAsync(1, Later(40));
        await factory.AddPeopleAsync(["cut-a", "cut-b"]);
        var seat = await RegisterAsync("cut-a", session.Id());
        var waiting = await RegisterAsync("cut-b", session.Id());
        var start = session.GetProperty("startsAt").GetDateTimeOffset();

        Clock.AdjustTime(start - TimeSpan.FromHours(23));
        using var owner = factory.ClientAs("cut-a", "community-leader");
        using var refused = await owner.PostAsync($"/api/scheduling/registrations/{seat.Id()}/cancel", null);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("24 hours", problem.Str("detail"));

        using var waiter = factory.ClientAs("cut-b", "community-leader");
        using var left = await waiter.PostAsync($"/api/scheduling/registrations/{waiting.Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(RegistrationStatus.Confirmed, await factory.InDbAsync(db => db.Registrations.Where(r => r.Id == seat.Id()).Select(r => r.Status).SingleAsync()));
    }
}

/// <summary>Reminders survive a restart: what was sent before is not sent again by the next process.</summary>
public sealed class ReminderRestartTests
{
    [Fact]
    public async Task After_a_restart_a_reminder_already_sent_is_not_sent_again()
    {
        var data = Path.Combine(Path.GetTempPath(), "municipal-tests", "restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            DateTimeOffset start;
            Guid registration;
            await using (var before = new ClockedSchedulingFactory())
            {
                before.Settings["Database:DataDirectory"] = data;
                start = before.Clock.GetUtcNow().AddHours(30);
                var session = await before.NewSessionAsync(3, start);
                await before.AddPersonAsync("restart-a");
                using var client = before.ClientAs("restart-a", "community-leader");
                using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
                registration = (await response.Content.ReadFromJsonAsync<JsonElement>()).Id();
                before.Clock.AdjustTime(start - TimeSpan.FromHours(24));
                await before.WithScopeAsync(s => s.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(CancellationToken.None));
                await before.PublishedAsync<SessionReminderDue>(m => m.RegistrationId == registration);
            }

            await using var after = new ClockedSchedulingFactory();
            after.Settings["Database:DataDirectory"] = data;
            after.Clock.AdjustTime(start - TimeSpan.FromHours(23));
            var sent = await after.WithScopeAsync(s => s.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(CancellationToken.None));
            Assert.Equal(0, sent);
            Assert.Equal(1, await after.InDbAsync(db => db.ReminderDispatches.CountAsync(d => d.RegistrationId == registration)));
            Assert.Empty(after.PublishedSoFar<SessionReminderDue>(m => m.RegistrationId == registration));
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
