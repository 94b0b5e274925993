using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>Hand-offs through the API: re-routing, assignment to an officer, "assigned to me", internal notes and "after" photos.</summary>
public sealed class HandoffsApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private HttpClient Staff(string subject, string? division) => factory.ClientWith(TestTokens.For(subject, ["staff"], null, division));

    private async Task<(Guid Community, Guid Id, HttpClient Submitter)> TriagedDrainageAsync(string who)
    {
        var community = await factory.KnownCommunityAsync();
        var submitter = factory.ClientAs($"resident-{who}", "resident");
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community, title: $"ท่ออุดตัน {who}"))).GetProperty("id").GetGuid();
        using var works = Staff($"works-{who}", "public-works");
        using var triaged = await RequestsFactory.TransitionAsync(works, id, new { to = "triaged" });
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);
        return (community, id, submitter);
    }

    [Fact]
    public async Task Staff_of_the_holding_division_hand_a_request_to_another_division_with_a_reason_and_the_new_division_holds_it()
    {
        var (_, id, submitter) = await TriagedDrainageAsync("reroute");
        using var works = Staff("works-reroute", "public-works");
        using var health = Staff("health-reroute", "public-health");

        using var moved = await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "public-health", reason = "ต้นไม้ล้มทับท่อ ต้องตัดต้นไม้ก่อน" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var view = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("public-health", "triaged"), (view.GetProperty("divisionCode").GetString(), view.GetProperty("status").GetString()));
        var rerouted = await factory.PublishedAsync<RequestRerouted>(m => m.RequestId == id);
        Assert.Equal(("public-works", "public-health", "ต้นไม้ล้มทับท่อ ต้องตัดต้นไม้ก่อน"), (rerouted.FromDivisionCode, rerouted.ToDivisionCode, rerouted.Reason));

        // The old division no longer works it; the new one does.
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(works, id, new { to = "in-progress" }), HttpStatusCode.Forbidden);
        using var started = await RequestsFactory.TransitionAsync(health, id, new { to = "in-progress" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        var history = (await health.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("items").EnumerateArray().ToList();
        var entry = history.Single(h => h.GetProperty("kind").GetString() == "rerouted");
        Assert.Equal(("public-health", "ต้นไม้ล้มทับท่อ ต้องตัดต้นไม้ก่อน", "works-reroute"),
            (entry.GetProperty("division").GetString(), entry.GetProperty("note").GetString(), entry.GetProperty("actorSubject").GetString()));
        // The submitter sees where it went, not the staff's reason nor who.
        var theirs = (await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("items").EnumerateArray()
            .Single(h => h.GetProperty("kind").GetString() == "rerouted");
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("note").ValueKind);
        Assert.Equal("public-health", theirs.GetProperty("division").GetString());
    }

    [Fact]
    public async Task Erasing_the_submitter_takes_the_words_they_typed_out_of_every_hand_off_event_in_the_outbox()
    {
        var community = await factory.KnownCommunityAsync();
        using var submitter = factory.ClientAs("resident-handoff-erased", "resident");
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community, title: "ท่ออุดตัน โทร 081-777-8888"))).GetProperty("id").GetGuid();
        using var works = Staff("works-handoff-erased", "public-works");
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(works, id, new { to = "triaged" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "public-health", reason = "งานต้นไม้" })).StatusCode);
        using var health = Staff("health-handoff-erased", "public-health");
        Assert.Equal(HttpStatusCode.OK, (await health.PostAsJsonAsync($"/api/requests/{id}/location", new { latitude = 16.4812, longitude = 99.5502 })).StatusCode);
        await factory.PublishedAsync<RequestRerouted>(m => m.RequestId == id);
        await factory.PublishedAsync<RequestPlaced>(m => m.RequestId == id);

        await factory.Harness.Bus.Publish(new PersonErased { PersonId = Guid.NewGuid(), Subject = "resident-handoff-erased", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.AnyAsync(r => r.Id == id && r.SubmitterErased)),
            what: "the erasure");

        var left = await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OutboxMessages
            .Where(m => m.OrderingKey == $"request:{id:D}").Select(m => new { m.MessageType, m.Payload }).ToListAsync());
        Assert.All(left, m =>
        {
            Assert.DoesNotContain("777-8888", m.Payload);
            Assert.DoesNotContain("resident-handoff-erased", m.Payload);
        });
    }

    [Fact]
    public async Task A_hand_off_is_refused_with_a_clear_problem_for_bad_input_the_wrong_division_or_a_closed_request()
    {
        var (_, id, submitter) = await TriagedDrainageAsync("refused");
        using var works = Staff("works-refused", "public-works");
        using var health = Staff("health-refused", "public-health");

        var invalid = await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "public-health" }), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("reason", out _));
        var same = await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "public-works", reason = "x" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:municipal:problem:same-division", same.GetProperty("type").GetString());
        var unknown = await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "space-agency", reason = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("division", unknown.GetProperty("field").GetString());
        await ProblemAssert.IsProblemAsync(await health.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "clerk-office", reason = "x" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await submitter.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "clerk-office", reason = "x" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{Guid.NewGuid()}/reroute", new { division = "clerk-office", reason = "x" }), HttpStatusCode.NotFound);

        using var resolved = await RequestsFactory.TransitionAsync(works, id, new { to = "resolved" });
        var closed = await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{id}/reroute", new { division = "public-health", reason = "x" }), HttpStatusCode.Conflict);
        Assert.Equal("resolved", closed.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task An_officer_who_joined_the_roster_is_assigned_a_request_told_of_it_and_finds_it_under_assigned_to_me()
    {
        var (_, id, submitter) = await TriagedDrainageAsync("assign");
        using var lead = Staff("works-lead", "public-works");
        using var officer = factory.ClientWith(TestTokens.For("works-officer", ["staff"], null, "public-works"));
        using var outsider = Staff("health-officer", "public-health");
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsync("/api/requests/officers/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outsider.PutAsync("/api/requests/officers/me", null)).StatusCode);
        var roster = await lead.GetFromJsonAsync<JsonElement>("/api/requests/officers?division=public-works");
        Assert.Contains(roster.GetProperty("items").EnumerateArray(), o => o.GetProperty("subject").GetString() == "works-officer");
        Assert.DoesNotContain(roster.GetProperty("items").EnumerateArray(), o => o.GetProperty("subject").GetString() == "health-officer");

        var notTheirs = await ProblemAssert.IsProblemAsync(await lead.PostAsJsonAsync($"/api/requests/{id}/assignment", new { officer = "health-officer" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("officer", notTheirs.GetProperty("field").GetString());
        using var assigned = await lead.PostAsJsonAsync($"/api/requests/{id}/assignment", new { officer = "works-officer", note = "ช่วยไปดูหน้างานพรุ่งนี้" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("works-officer", (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetProperty("subject").GetString());
        var told = await factory.PublishedAsync<RequestAssignedToOfficer>(m => m.RequestId == id);
        Assert.Equal(("works-officer", "works-lead", "public-works"), (told.OfficerSubject, told.AssignedBySubject, told.DivisionCode));

        var mine = await officer.GetFromJsonAsync<JsonElement>("/api/requests?assignedToMe=true");
        Assert.Equal([id], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(0, (await lead.GetFromJsonAsync<JsonElement>("/api/requests?assignedToMe=true")).GetProperty("total").GetInt32());

        // The submitter learns it is being handled, not by whom.
        var theirs = await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("assignee").ValueKind);
        var entry = (await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("items").EnumerateArray()
            .Single(h => h.GetProperty("kind").GetString() == "assigned");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (entry.GetProperty("assignee").ValueKind, entry.GetProperty("note").ValueKind));

        // Officials see who was assigned, until that officer is erased: then the history keeps the hand-off, not the name.
        static JsonElement Assigned(JsonElement history) => history.GetProperty("items").EnumerateArray().Single(h => h.GetProperty("kind").GetString() == "assigned");
        Assert.NotEqual(JsonValueKind.Null, Assigned(await lead.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("assignee").ValueKind);
        await factory.Harness.Bus.Publish(new PersonErased { PersonId = Guid.NewGuid(), Subject = "works-officer", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Officers.AllAsync(o => o.Subject != "works-officer")),
            what: "the officer's erasure");
        Assert.Equal(JsonValueKind.Null, Assigned(await lead.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task Staff_without_a_division_claim_cannot_join_a_roster()
    {
        using var desk = Staff("desk-roster", null);
        var problem = await ProblemAssert.IsProblemAsync(await desk.PutAsync("/api/requests/officers/me", null), HttpStatusCode.Forbidden);
        Assert.Equal("urn:municipal:problem:no-division", problem.GetProperty("type").GetString());
        await ProblemAssert.IsProblemAsync(await factory.ClientAs("resident-roster", "resident").GetAsync("/api/requests/officers"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Internal_notes_are_for_staff_and_appear_nowhere_the_submitter_or_the_public_look()
    {
        var (community, id, submitter) = await TriagedDrainageAsync("notes");
        using var works = Staff("works-notes", "public-works");
        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-notes");
        using var executive = factory.ClientAs("executive-notes", "executive");
        const string secret = "บันทึกภายใน-ผู้รับเหมาขอเลื่อน-7Q";

        using var added = await works.PostAsJsonAsync($"/api/requests/{id}/notes", new { text = secret });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var notes = await works.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/notes");
        Assert.Equal(secret, Assert.Single(notes.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        await ProblemAssert.IsProblemAsync(await works.PostAsJsonAsync($"/api/requests/{id}/notes", new { text = "  " }), HttpStatusCode.BadRequest);

        foreach (var other in new[] { submitter, leader, executive })
        {
            await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/requests/{id}/notes"), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await other.PostAsJsonAsync($"/api/requests/{id}/notes", new { text = "x" }), HttpStatusCode.Forbidden);
        }

        using var anonymous = factory.CreateCheckedClient();
        foreach (var (client, path) in new[]
        {
            (submitter, $"/api/requests/{id}"), (submitter, $"/api/requests/{id}/history"), (submitter, "/api/requests"),
            (leader, $"/api/requests/{id}"), (works, $"/api/requests/{id}"), (works, $"/api/requests/{id}/history"),
            (anonymous, $"/api/requests/public?community={community}"), (anonymous, "/open311/v2/requests.json"), (anonymous, "/open311/v2/requests.xml"),
        })
        {
            var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(secret, System.Text.RegularExpressions.Regex.Unescape(body));
        }

        Assert.DoesNotContain(factory.Harness.Published.Select<object>(), m => JsonSerializer.Serialize(m.Context.Message).Contains("7Q", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_add_after_photos_of_the_fix_with_a_limit_of_their_own_and_the_citizen_keeps_three()
    {
        var (_, id, submitter) = await TriagedDrainageAsync("after");
        using var works = Staff("works-after", "public-works");
        using var health = Staff("health-after", "public-health");
        var before = PhotosApiTests.Form((PhotosApiTests.Jpeg(), "1.jpg", "image/jpeg"), (PhotosApiTests.Jpeg(2100), "2.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, (await submitter.PostAsync($"/api/requests/{id}/photos", before)).StatusCode);

        using var after = await works.PostAsync($"/api/requests/{id}/photos/after",
            PhotosApiTests.Form((PhotosApiTests.Png(), "fixed.png", "image/png"), (PhotosApiTests.Jpeg(2200), "fixed2.jpg", "image/jpeg")));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var stored = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([4, 5], stored.Select(p => p.GetProperty("number").GetInt32()));
        Assert.All(stored, p => Assert.Equal("after", p.GetProperty("kind").GetString()));
        var pdf = "%PDF-1.7 not a photo"u8.ToArray();
        await ProblemAssert.IsProblemAsync(await works.PostAsync($"/api/requests/{id}/photos/after", PhotosApiTests.Form((pdf, "e.jpg", "image/jpeg"))), HttpStatusCode.UnsupportedMediaType);

        // The citizen's third photo still fits; a fourth "after" photo does, a fifth and sixth do not.
        Assert.Equal(HttpStatusCode.Created, (await submitter.PostAsync($"/api/requests/{id}/photos", PhotosApiTests.Form((PhotosApiTests.Jpeg(2300), "3.jpg", "image/jpeg")))).StatusCode);
        using var resolved = await RequestsFactory.TransitionAsync(works, id, new { to = "resolved" });
        Assert.Equal(HttpStatusCode.Created, (await works.PostAsync($"/api/requests/{id}/photos/after", PhotosApiTests.Form((PhotosApiTests.Jpeg(2400), "a.jpg", "image/jpeg")))).StatusCode);
        var tooMany = await ProblemAssert.IsProblemAsync(await works.PostAsync($"/api/requests/{id}/photos/after",
            PhotosApiTests.Form((PhotosApiTests.Jpeg(2500), "b.jpg", "image/jpeg"))), HttpStatusCode.Conflict);
        Assert.Equal((3, 3, "after"), (tooMany.GetProperty("max").GetInt32(), tooMany.GetProperty("count").GetInt32(), tooMany.GetProperty("photos").GetString()));

        await ProblemAssert.IsProblemAsync(await health.PostAsync($"/api/requests/{id}/photos/after", PhotosApiTests.Form((PhotosApiTests.Jpeg(), "c.jpg", "image/jpeg"))), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await submitter.PostAsync($"/api/requests/{id}/photos/after", PhotosApiTests.Form((PhotosApiTests.Jpeg(), "d.jpg", "image/jpeg"))), HttpStatusCode.Forbidden);

        var view = await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(3, view.GetProperty("photos").EnumerateArray().Count(p => p.GetProperty("kind").GetString() == "after"));
        Assert.Equal(HttpStatusCode.OK, (await submitter.GetAsync($"/api/requests/{id}/photos/4")).StatusCode);
    }
}
