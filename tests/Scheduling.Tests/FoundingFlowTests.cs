using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>
/// The founding case inside the service, fed by registry events as the running system feeds it (the end-to-end
/// test does the same through the gateway with Communities): the template programme, 150 leaders racing for one
/// session of 100 seats, a cancellation promoting the first waitlisted, and the session's .ics.
/// </summary>
public sealed class FoundingFlowTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task Leaders_known_from_registry_events_race_for_a_founding_session_exactly_100_get_seats_and_a_cancellation_promotes_the_first_waitlisted()
    {
        using var staff = factory.Staff();
        using var founding = await staff.PostAsJsonAsync("/api/scheduling/programmes/from-template", new { fiscalYear = 2563 });
        Assert.Equal(HttpStatusCode.Created, founding.StatusCode);

        // The founding year is history; the same template for the next fiscal year that has not begun takes registrations.
        var nextYear = FiscalYear.Containing(BangkokTime.DateOf(DateTimeOffset.UtcNow)).BuddhistEra + 1;
        using var created = await staff.PostAsJsonAsync("/api/scheduling/programmes/from-template", new { fiscalYear = nextYear });
        var programme = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = programme.GetProperty("sessions")[0];

        var communities = Enumerable.Range(1, 27).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (community, index) in communities.Select((c, i) => (c, i)))
        {
            await factory.Harness.Bus.Publish(new CommunityRegistered
            {
                CommunityId = community, Code = $"KPP-{index + 1:00}", NameTh = $"ชุมชนตัวอย่าง {index + 1}", Status = "active", OccurredAt = DateTimeOffset.UtcNow,
            });
        }

        var leaders = Enumerable.Range(1, 150).Select(i => (Id: Guid.NewGuid(), Subject: $"founding-leader-{i:000}")).ToList();
        foreach (var (leader, index) in leaders.Select((l, i) => (l, i)))
        {
            await factory.Harness.Bus.Publish(SchedulingFactory.Person(leader.Id, leader.Subject, "ผู้นำ", $"ชุมชนที่ {index % 27 + 1}"));
            await factory.Harness.Bus.Publish(SchedulingFactory.Office(leader.Id, index < 27 ? "president" : "committee-member", communities[index % 27], new DateOnly(2019, 1, 1)));
        }

        // Staff invite the target groups; as the registry's events arrive, inviting again reaches the rest.
        await Eventually.TrueAsync(async () =>
        {
            using var round = await staff.PostAsync($"/api/scheduling/sessions/{session.Id()}/invitations", null);
            return (await round.Content.ReadFromJsonAsync<JsonElement>()).Int("total") == 150;
        }, TimeSpan.FromSeconds(60), "all 150 leaders to be invited");

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = leaders.Select(leader => Task.Run(async () =>
        {
            using var client = factory.ClientAs(leader.Subject, "community-leader");
            await go.Task;
            using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
            return (leader.Subject, Body: body);
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(racers);

        var confirmed = results.Where(r => r.Body.Str("status") == "confirmed").ToList();
        var waitlisted = results.Where(r => r.Body.Str("status") == "waitlisted").OrderBy(r => r.Body.Int("position")).ToList();
        Assert.Equal(100, confirmed.Count);
        Assert.Equal(Enumerable.Range(1, 50), waitlisted.Select(r => r.Body.Int("position")));

        var leaving = confirmed[0];
        using (var client = factory.ClientAs(leaving.Subject, "community-leader"))
        {
            using var cancelled = await client.PostAsync($"/api/scheduling/registrations/{leaving.Body.Id()}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        var first = waitlisted[0];
        using (var client = factory.ClientAs(first.Subject, "community-leader"))
        {
            var promoted = await client.GetFromJsonAsync<JsonElement>($"/api/scheduling/registrations/{first.Body.Id()}");
            Assert.Equal("confirmed", promoted.Str("status"));
        }

        await factory.PublishedAsync<RegistrationPromoted>(m => m.RegistrationId == first.Body.Id());
        Assert.Equal(100, await factory.InDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session.Id() && r.Status == RegistrationStatus.Confirmed)));

        var ics = await factory.CreateClient().GetStringAsync($"/api/scheduling/sessions/{session.Id()}/calendar.ics");
        var entry = Calendar.Load(ics)!.Events.Single();
        var wallClock = TimeZoneInfo.ConvertTimeFromUtc(entry.DtStart!.AsUtc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok"));
        Assert.Equal(session.GetProperty("startsAt").GetDateTimeOffset().DateTime, wallClock);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(wallClock));
    }
}
