using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>No overbooking, ever: many people racing for few seats through the real endpoint, on SQLite.</summary>
public sealed class OverbookingRaceTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task A_thousand_registrations_racing_for_100_seats_confirm_exactly_100_and_waitlist_900_in_positions_1_to_900()
    {
        var start = BangkokTime.FromLocal(BangkokTime.DateOf(DateTimeOffset.UtcNow).AddDays(30), new TimeOnly(9, 0));
        var session = await factory.NewSessionAsync(100, start);
        var subjects = Enumerable.Range(1, 1000).Select(i => $"racer-{i:0000}").ToList();
        await factory.AddPeopleAsync(subjects);
        var clients = subjects.Select(s => factory.ClientAs(s, "community-leader")).ToList();

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = clients.Select(client => Task.Run(async () =>
        {
            await go.Task;
            using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
            return body;
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(racers);
        clients.ForEach(c => c.Dispose());

        Assert.Equal(100, results.Count(r => r.Str("status") == "confirmed"));
        var waitlisted = results.Where(r => r.Str("status") == "waitlisted").ToList();
        Assert.Equal(900, waitlisted.Count);
        Assert.Equal(Enumerable.Range(1, 900), waitlisted.Select(r => r.Int("position")).Order());
        Assert.Equal(1000, results.Select(r => r.Str("code")).Distinct().Count());

        var stored = await factory.InDbAsync(async db => (
            Session: await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id()),
            Confirmed: await db.Registrations.CountAsync(r => r.SessionId == session.Id() && r.Status == RegistrationStatus.Confirmed),
            Tickets: await db.Registrations.Where(r => r.SessionId == session.Id() && r.Status == RegistrationStatus.Waitlisted)
                .OrderBy(r => r.WaitlistTicket).Select(r => new { r.Id, r.WaitlistTicket, r.RegisteredAt }).ToListAsync()));
        Assert.Equal(100, stored.Session.ConfirmedCount);
        Assert.Equal(100, stored.Confirmed);
        // Arrival order: tickets 1..900 without gaps, and each answer's position is its ticket.
        Assert.Equal(Enumerable.Range(1, 900).Select(i => (long?)i), stored.Tickets.Select(t => t.WaitlistTicket));
        var positionOf = waitlisted.ToDictionary(r => r.Id(), r => r.Int("position"));
        Assert.All(stored.Tickets, t => Assert.Equal(t.WaitlistTicket, positionOf[t.Id]));

        using var staff = factory.Staff();
        var first = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}");
        Assert.Equal(0, first.Int("seatsLeft"));
    }

    [Fact]
    public async Task The_same_person_registering_ten_times_at_once_ends_with_one_registration()
    {
        var session = await factory.NewSessionAsync(5, DateTimeOffset.UtcNow.AddDays(31));
        await factory.AddPersonAsync("eager-one");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            using var client = factory.ClientAs("eager-one", "community-leader");
            await go.Task;
            using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).Id();
        })).ToList();
        go.SetResult();
        var ids = await Task.WhenAll(attempts);

        Assert.Single(ids.Distinct());
        Assert.Equal(1, await factory.InDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session.Id())));
        Assert.Equal(1, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.ConfirmedCount).SingleAsync()));
    }

    [Fact]
    public async Task Ten_cancellations_of_one_seat_at_once_free_it_once_and_promote_one_person()
    {
        var session = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(32));
        await factory.AddPeopleAsync(["seat-holder", "next-a", "next-b"]);
        JsonElement seat = default;
        foreach (var subject in new[] { "seat-holder", "next-a", "next-b" })
        {
            using var client = factory.ClientAs(subject, "community-leader");
            using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            if (subject == "seat-holder")
            {
                seat = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancels = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            using var client = factory.ClientAs("seat-holder", "community-leader");
            await go.Task;
            using var response = await client.PostAsync($"/api/scheduling/registrations/{seat.Id()}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        })).ToList();
        go.SetResult();
        await Task.WhenAll(cancels);

        var statuses = await factory.InDbAsync(db => db.Registrations.Where(r => r.SessionId == session.Id())
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { p.Subject, r.Status }).ToDictionaryAsync(x => x.Subject!, x => x.Status));
        Assert.Equal(RegistrationStatus.Cancelled, statuses["seat-holder"]);
        Assert.Equal(RegistrationStatus.Confirmed, statuses["next-a"]);
        Assert.Equal(RegistrationStatus.Waitlisted, statuses["next-b"]);
        Assert.Equal(1, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.ConfirmedCount).SingleAsync()));
        await factory.PublishedAsync<Municipal.Contracts.RegistrationPromoted>(m => m.Session.SessionId == session.Id());
        await Task.Delay(300);
        Assert.Single(factory.PublishedSoFar<Municipal.Contracts.RegistrationCancelled>(m => m.RegistrationId == seat.Id()));
    }
}
