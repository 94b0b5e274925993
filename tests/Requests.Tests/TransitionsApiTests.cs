using MassTransit.Testing;
using Municipal.Contracts;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public sealed class TransitionsApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private async Task<(Guid Community, Guid Id)> SubmittedAsync(string submitter = "resident-t", double latitude = 16.4810)
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs(submitter, "resident");
        var created = await RequestsFactory.SubmitAsync(client, RequestsFactory.Drainage(community, latitude: latitude));
        return (community, created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Triage_assigns_the_division_and_announces_the_change()
    {
        var (_, id) = await SubmittedAsync();
        using var staff = factory.ClientWith(TestTokens.For("staff-pw", ["staff"], division: "public-works"));

        using var response = await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged", note = "รับเรื่อง ส่งกองช่าง", division = "public-works" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("triaged", view.GetProperty("status").GetString());
        Assert.Equal("public-works", view.GetProperty("divisionCode").GetString());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("firstRespondedAt").ValueKind);

        await factory.PublishedAsync<RequestStatusChanged>(m =>
            m.RequestId == id && m.From == "submitted" && m.To == "triaged"
            && m.ChangedBySubject == "staff-pw" && m.SubmitterSubject == "resident-t");
    }

    [Fact]
    public async Task An_illegal_transition_is_409_naming_the_allowed_states()
    {
        var (_, id) = await SubmittedAsync();
        using var staff = factory.ClientAs("staff-desk", "staff");

        using var response = await RequestsFactory.TransitionAsync(staff, id, new { to = "resolved" });

        var problem = await ProblemAssert.IsProblemAsync(response, RequestsProblems.InvalidTransition);
        Assert.Equal(["triaged", "rejected", "duplicate"], problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("submitted", problem.GetProperty("currentStatus").GetString());
        Assert.Contains("triaged", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_history_reads_who_when_from_what_to_what_and_why_and_hides_staff_subjects_from_the_submitter()
    {
        var (_, id) = await SubmittedAsync("resident-history");
        using var staff = factory.ClientAs("staff-history", "staff");
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to = "in-progress", note = "ส่งช่างลอกท่อ" })).StatusCode);

        var official = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history");
        var entries = official.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([null, "submitted", "triaged"], entries.Select(e => e.GetProperty("from").GetString()));
        Assert.Equal(["submitted", "triaged", "in-progress"], entries.Select(e => e.GetProperty("to").GetString()));
        Assert.Equal("ส่งช่างลอกท่อ", entries[2].GetProperty("note").GetString());
        Assert.Equal("staff-history", entries[2].GetProperty("actorSubject").GetString());
        Assert.Equal("public-works", entries[1].GetProperty("division").GetString());

        using var submitter = factory.ClientAs("resident-history", "resident");
        var own = await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history");
        var last = own.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("staff", last.GetProperty("actorRole").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("actorSubject").ValueKind);
    }

    [Fact]
    public async Task Staff_of_another_division_may_not_work_the_request()
    {
        var (_, id) = await SubmittedAsync();
        using var health = factory.ClientWith(TestTokens.For("staff-health", ["staff"], division: "public-health"));

        using var response = await RequestsFactory.TransitionAsync(health, id, new { to = "triaged" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Triage_may_route_to_another_division_whose_staff_then_work_it()
    {
        var (_, id) = await SubmittedAsync();
        using var desk = factory.ClientAs("staff-desk-route", "staff");
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(desk, id, new { to = "triaged", division = "public-health" })).StatusCode);

        using var works = factory.ClientWith(TestTokens.For("staff-works", ["staff"], division: "public-works"));
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(works, id, new { to = "in-progress" }), HttpStatusCode.Forbidden);
        using var health = factory.ClientWith(TestTokens.For("staff-health-2", ["staff"], division: "public-health"));
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(health, id, new { to = "in-progress" })).StatusCode);
    }

    [Fact]
    public async Task An_unknown_division_is_422_and_an_unknown_state_is_400()
    {
        var (_, id) = await SubmittedAsync();
        using var staff = factory.ClientAs("staff-unknown", "staff");
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged", division = "space-program" }), HttpStatusCode.UnprocessableEntity);
        var problem = await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, id, new { to = "fixed" }), HttpStatusCode.BadRequest);
        Assert.Contains("proposed-for-plan", problem.GetProperty("errors").GetProperty("to")[0].GetString());
    }

    [Fact]
    public async Task A_rejection_needs_its_reason_and_closes_the_request()
    {
        var (_, id) = await SubmittedAsync();
        using var staff = factory.ClientAs("staff-reject", "staff");
        var problem = await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, id, new { to = "rejected" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("note", out _));

        using var rejected = await RequestsFactory.TransitionAsync(staff, id, new { to = "rejected", note = "เป็นถนนของกรมทางหลวง ส่งเรื่องต่อแล้ว" });
        var view = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rejected", view.GetProperty("status").GetString());
        Assert.Equal("เป็นถนนของกรมทางหลวง ส่งเรื่องต่อแล้ว", view.GetProperty("statusNote").GetString());
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Marking_a_duplicate_names_its_original_and_carries_the_submitters_support_over()
    {
        var (_, original) = await SubmittedAsync("resident-first", latitude: 16.4830);
        var (_, duplicate) = await SubmittedAsync("resident-second", latitude: 16.4830);
        using var staff = factory.ClientAs("staff-dup", "staff");

        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, duplicate, new { to = "duplicate" }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, duplicate, new { to = "duplicate", duplicateOf = duplicate }), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, duplicate, new { to = "duplicate", duplicateOf = Guid.NewGuid() }), HttpStatusCode.UnprocessableEntity);

        using var marked = await RequestsFactory.TransitionAsync(staff, duplicate, new { to = "duplicate", duplicateOf = original, note = "เรื่องเดียวกัน" });
        var view = await marked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", view.GetProperty("status").GetString());
        Assert.Equal(original, view.GetProperty("duplicateOf").GetGuid());

        var originalView = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{original}");
        Assert.Equal(1, originalView.GetProperty("supporters").GetInt32());

        // A request marked duplicate is not an original to point at.
        var (_, third) = await SubmittedAsync("resident-third");
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, third, new { to = "duplicate", duplicateOf = duplicate }), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_fresh_one_goes_through()
    {
        var (_, id) = await SubmittedAsync();
        using var staff = factory.ClientAs("staff-etag", "staff");
        using var read = await staff.GetAsync($"/api/requests/{id}");
        var etag = read.Headers.ETag!.ToString();
        Assert.False(read.Headers.ETag.IsWeak);
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged" })).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/transitions") { Content = JsonContent.Create(new { to = "in-progress" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var problem = await ProblemAssert.IsProblemAsync(await staff.SendAsync(stale), ProblemTypes.Stale);
        Assert.NotEqual(etag, problem.GetProperty("currentETag").GetString());

        using var reread = await staff.GetAsync($"/api/requests/{id}");
        using var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/transitions") { Content = JsonContent.Create(new { to = "in-progress" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", reread.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task The_submitter_closes_a_resolved_request_but_does_not_work_an_open_one()
    {
        var (_, id) = await SubmittedAsync("resident-closes");
        using var submitter = factory.ClientAs("resident-closes", "resident");
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(submitter, id, new { to = "triaged" }), HttpStatusCode.Forbidden);

        using var staff = factory.ClientAs("staff-resolves", "staff");
        foreach (var to in new[] { "triaged", "in-progress", "resolved" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to })).StatusCode);
        }

        using var closed = await RequestsFactory.TransitionAsync(submitter, id, new { to = "closed", note = "ขอบคุณครับ" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
    }

    [Fact]
    public async Task An_executive_sees_every_request_but_works_none()
    {
        var (_, id) = await SubmittedAsync();
        using var mayor = factory.ClientAs("mayor-t", "executive");
        Assert.Equal(HttpStatusCode.OK, (await mayor.GetAsync($"/api/requests/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(mayor, id, new { to = "triaged" }), HttpStatusCode.Forbidden);
    }
}
