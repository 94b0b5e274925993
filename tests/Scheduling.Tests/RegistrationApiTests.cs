using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

public sealed class RegistrationApiTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    private static DateTimeOffset Future(int days) =>
        BangkokTime.FromLocal(BangkokTime.DateOf(DateTimeOffset.UtcNow).AddDays(days), new TimeOnly(13, 0));

    private async Task<(HttpResponseMessage Response, JsonElement Body)> RegisterAsync(string subject, Guid session, object? body = null, string role = "community-leader")
    {
        using var client = factory.ClientAs(subject, role);
        var response = body is null
            ? await client.PostAsync($"/api/scheduling/sessions/{session}/registrations", null)
            : await client.PostAsJsonAsync($"/api/scheduling/sessions/{session}/registrations", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response, json);
    }

    [Fact]
    public async Task A_leader_gets_a_confirmed_seat_with_a_short_code_and_registering_again_returns_the_same_registration()
    {
        var session = await factory.NewSessionAsync(3, Future(10));
        var person = await factory.AddPersonAsync("reg-leader-1");

        var (first, registration) = await RegisterAsync("reg-leader-1", session.Id());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("confirmed", registration.Str("status"));
        Assert.Equal(JsonValueKind.Null, registration.GetProperty("position").ValueKind);
        Assert.Equal(registration.Str("code"), ShortCode.Normalize(registration.Str("code")));
        Assert.Equal(person, registration.GetProperty("personId").GetGuid());

        var (second, again) = await RegisterAsync("reg-leader-1", session.Id());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(registration.Id(), again.Id());
        Assert.Equal(1, await factory.InDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session.Id())));

        await factory.PublishedAsync<RegistrationConfirmed>(m => m.RegistrationId == registration.Id());
        Assert.Single(factory.PublishedSoFar<RegistrationConfirmed>(m => m.PersonId == person));
    }

    [Fact]
    public async Task When_seats_run_out_people_are_waitlisted_in_arrival_order_and_a_cancellation_promotes_the_oldest_at_once()
    {
        var session = await factory.NewSessionAsync(2, Future(11));
        var subjects = Enumerable.Range(1, 5).Select(i => $"queue-{i}").ToList();
        var people = await factory.AddPeopleAsync(subjects);
        var registrations = new List<JsonElement>();
        foreach (var subject in subjects)
        {
            registrations.Add((await RegisterAsync(subject, session.Id())).Body);
        }

        Assert.Equal(["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"], registrations.Select(r => r.Str("status")));
        Assert.Equal([1, 2, 3], registrations.Skip(2).Select(r => r.Int("position")));
        await factory.PublishedAsync<RegistrationWaitlisted>(m => m.RegistrationId == registrations[4].Id() && m.Position == 3);

        using var owner = factory.ClientAs("queue-2", "community-leader");
        using var cancelled = await owner.PostAsync($"/api/scheduling/registrations/{registrations[1].Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));

        // The promotion was committed with the cancellation: it is there the moment the answer is.
        var third = await factory.InDbAsync(db => db.Registrations.SingleAsync(r => r.Id == registrations[2].Id()));
        Assert.Equal(RegistrationStatus.Confirmed, third.Status);
        await factory.PublishedAsync<RegistrationPromoted>(m => m.RegistrationId == registrations[2].Id());
        await factory.PublishedAsync<RegistrationCancelled>(m => m.RegistrationId == registrations[1].Id() && m.PreviousStatus == "confirmed");

        using var fourth = factory.ClientAs("queue-4", "community-leader");
        var mine = await fourth.GetFromJsonAsync<JsonElement>($"/api/scheduling/registrations/{registrations[3].Id()}");
        Assert.Equal(1, mine.Int("position"));
        Assert.Equal(2, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.ConfirmedCount).SingleAsync()));

        using var twice = await owner.PostAsync($"/api/scheduling/registrations/{registrations[1].Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Equal(2, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.ConfirmedCount).SingleAsync()));
        Assert.Equal(people.Count, subjects.Count);
    }

    [Fact]
    public async Task A_leader_cannot_see_or_cancel_another_persons_registration()
    {
        var session = await factory.NewSessionAsync(3, Future(12));
        await factory.AddPeopleAsync(["owner-a", "other-b"]);
        var (_, registration) = await RegisterAsync("owner-a", session.Id());

        using var other = factory.ClientAs("other-b", "community-leader");
        using var cancel = await other.PostAsync($"/api/scheduling/registrations/{registration.Id()}/cancel", null);
        await ProblemAssert.IsProblemAsync(cancel, HttpStatusCode.NotFound);
        using var read = await other.GetAsync($"/api/scheduling/registrations/{registration.Id()}");
        await ProblemAssert.IsProblemAsync(read, HttpStatusCode.NotFound);
        using var qr = await other.GetAsync($"/api/scheduling/registrations/{registration.Id()}/qr.png");
        await ProblemAssert.IsProblemAsync(qr, HttpStatusCode.NotFound);

        var list = await other.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}/registrations");
        Assert.Equal(0, list.Int("total"));
        Assert.Equal(RegistrationStatus.Confirmed, await factory.InDbAsync(db => db.Registrations.Where(r => r.Id == registration.Id()).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_signed_in_subject_the_registry_does_not_know_is_422_with_a_clear_message()
    {
        var session = await factory.NewSessionAsync(3, Future(13));
        var (response, problem) = await RegisterAsync("stranger-x", session.Id());
        await ProblemAssert.IsProblemAsync(response, SchedulingProblems.NotLinkedToRegistry);
        Assert.Contains("registry", problem.Str("title"));
        Assert.Equal(0, await factory.InDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session.Id())));
    }

    [Fact]
    public async Task Staff_register_someone_on_their_behalf_but_a_leader_naming_another_person_is_403()
    {
        var session = await factory.NewSessionAsync(3, Future(14));
        var someone = await factory.AddPersonAsync("behalf-1");
        await factory.AddPersonAsync("leader-naming-others");

        var (forbidden, _) = await RegisterAsync("leader-naming-others", session.Id(), new { personId = someone });
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);

        var (created, registration) = await RegisterAsync("staff-9", session.Id(), new { personId = someone }, role: "staff");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(someone, registration.GetProperty("personId").GetGuid());

        var (unknown, _) = await RegisterAsync("staff-9", session.Id(), new { personId = Guid.NewGuid() }, role: "staff");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.UnprocessableEntity);

        using var leader = factory.ClientAs("behalf-1", "community-leader");
        var mine = await leader.GetFromJsonAsync<JsonElement>("/api/scheduling/registrations");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), r => r.Id() == registration.Id());
    }

    [Fact]
    public async Task Registering_for_a_session_that_has_started_is_409()
    {
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddMinutes(-30));
        await factory.AddPersonAsync("too-late");
        var (response, _) = await RegisterAsync("too-late", session.Id());
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_qr_image_of_a_registration_comes_as_png_and_svg_for_its_person()
    {
        var session = await factory.NewSessionAsync(3, Future(15));
        await factory.AddPersonAsync("qr-owner");
        var (_, registration) = await RegisterAsync("qr-owner", session.Id());
        using var owner = factory.ClientAs("qr-owner", "community-leader");

        using var png = await owner.GetAsync(registration.Str("qrPng"));
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);

        using var svg = await owner.GetAsync(registration.Str("qrSvg"));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staff_move_a_person_to_another_session_freeing_the_seat_for_the_waitlist_there()
    {
        var from = await factory.NewSessionAsync(1, Future(16));
        var to = await factory.NewSessionAsync(5, Future(17));
        await factory.AddPeopleAsync(["move-a", "move-b"]);
        var (_, moving) = await RegisterAsync("move-a", from.Id());
        var (_, waiting) = await RegisterAsync("move-b", from.Id());
        Assert.Equal("waitlisted", waiting.Str("status"));

        using var staff = factory.Staff();
        using var moved = await staff.PostAsJsonAsync($"/api/scheduling/registrations/{moving.Id()}/move", new { sessionId = to.Id() });
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(moved.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(to.Id(), body.GetProperty("sessionId").GetGuid());
        Assert.Equal("confirmed", body.Str("status"));

        var statuses = await factory.InDbAsync(db => db.Registrations.Where(r => r.SessionId == from.Id()).ToDictionaryAsync(r => r.Id, r => r.Status));
        Assert.Equal(RegistrationStatus.Cancelled, statuses[moving.Id()]);
        Assert.Equal(RegistrationStatus.Confirmed, statuses[waiting.Id()]);

        using var leader = factory.ClientAs("move-b", "community-leader");
        using var leaderMove = await leader.PostAsJsonAsync($"/api/scheduling/registrations/{waiting.Id()}/move", new { sessionId = to.Id() });
        await ProblemAssert.IsProblemAsync(leaderMove, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Officials_export_a_sessions_registrations_as_csv_with_thai_names_intact_and_leaders_may_not()
    {
        var session = await factory.NewSessionAsync(1, Future(18));
        await factory.AddPeopleAsync(["csv-a", "csv-b"]);
        await RegisterAsync("csv-a", session.Id());
        await RegisterAsync("csv-b", session.Id());

        using var staff = factory.Staff();
        using var csv = await staff.GetAsync($"/api/scheduling/sessions/{session.Id()}/registrations?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("code,status,waitlist_position", lines[0]);
        Assert.Contains(",confirmed,,", lines[1]);
        Assert.Contains("ผู้นำ csv-a", lines[1]);
        Assert.Contains(",waitlisted,1,", lines[2]);

        using var leader = factory.ClientAs("csv-a", "community-leader");
        using var refused = await leader.GetAsync($"/api/scheduling/sessions/{session.Id()}/registrations?format=csv");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
    }
}
