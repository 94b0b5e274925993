using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using Municipal.ThaiCalendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>A leader's token counts only while Requests' copy of the registry holds its subject in an office of its community.</summary>
public sealed class RegistryLeadersTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static DateOnly Today => BangkokTime.Today(TimeProvider.System);

    [Fact]
    public async Task A_subject_the_registry_does_not_know_leads_nothing_with_a_leaders_token()
    {
        var a = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-stranger-a", "resident");
        var inA = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        using var stranger = factory.ClientAsLeaderOf(a, "stranger-leader-a");

        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/requests/{inA}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/requests/{inA}/history"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(inA, Ids(await stranger.GetFromJsonAsync<JsonElement>($"/api/requests?community={a}&pageSize=100")));
        // The refusal says why: the registry does not show them leading A (a leader appointed a moment ago waits for its event).
        var refused = await ProblemAssert.IsProblemAsync(await stranger.PostAsJsonAsync("/api/requests", RequestsFactory.Drainage(a)), HttpStatusCode.Forbidden);
        Assert.Equal(("urn:municipal:problem:not-your-community", "unconfirmed"), (refused.GetProperty("type").GetString(), refused.GetProperty("leadership").GetString()));
        // Another community than the token names is the plain refusal.
        var b = await factory.KnownCommunityAsync();
        var elsewhere = await ProblemAssert.IsProblemAsync(await stranger.PostAsJsonAsync("/api/requests", RequestsFactory.Drainage(b)), HttpStatusCode.Forbidden);
        Assert.False(elsewhere.TryGetProperty("leadership", out _));
    }

    [Fact]
    public async Task A_leader_whose_term_ended_loses_the_community_but_keeps_their_own_requests()
    {
        var a = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-exleader-a", "resident");
        var residents = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        var person = await factory.RegistryPersonAsync("ex-leader-a");
        var office = await factory.RegistryOfficeAsync(person, a, new DateOnly(2020, 1, 1), end: null);
        using var leader = factory.ClientAsLeaderOf(a, "ex-leader-a");
        var own = (await RequestsFactory.SubmitAsync(leader, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/requests/{residents}")).StatusCode);

        await factory.Harness.Bus.Publish(new OfficeEnded
        {
            OfficeId = office, PersonId = person, Role = "president", CommunityId = a, EndDate = Today.AddDays(-1), OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OfficeTerms.AnyAsync(t => t.Id == office && t.EndDate != null)),
            what: "the term's end in the copy");

        await ProblemAssert.IsProblemAsync(await leader.GetAsync($"/api/requests/{residents}"), HttpStatusCode.NotFound);
        Assert.Equal([own], Ids(await leader.GetFromJsonAsync<JsonElement>($"/api/requests?community={a}&pageSize=100")));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/requests/{own}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await leader.PostAsJsonAsync("/api/requests", RequestsFactory.Drainage(a)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_erased_leader_leads_nothing()
    {
        var a = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-erased-leader-a", "resident");
        var residents = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        var person = await factory.RegistryPersonAsync("erased-leader-a");
        await factory.RegistryOfficeAsync(person, a, new DateOnly(2020, 1, 1), end: null);
        using var leader = factory.ClientAsLeaderOf(a, "erased-leader-a");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/requests/{residents}")).StatusCode);

        await factory.Harness.Bus.Publish(new PersonErased { PersonId = person, Subject = "erased-leader-a", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().People.AnyAsync(p => p.Id == person && p.Erased)),
            what: "the erasure in the copy");

        await ProblemAssert.IsProblemAsync(await leader.GetAsync($"/api/requests/{residents}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_end_that_overtakes_the_assignment_is_kept_and_the_late_assignment_does_not_revive_the_term()
    {
        var a = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-overtaken-a", "resident");
        var residents = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        var person = await factory.RegistryPersonAsync("overtaken-leader-a");
        var office = Guid.NewGuid();
        var assignedAt = DateTimeOffset.UtcNow.AddMinutes(-5);

        await factory.Harness.Bus.Publish(new OfficeEnded
        {
            OfficeId = office, PersonId = person, Role = "president", CommunityId = a, EndDate = Today.AddDays(-1), OccurredAt = assignedAt.AddMinutes(1),
        });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OfficeTerms.AnyAsync(t => t.Id == office)),
            what: "the early end in the copy");
        await factory.Harness.Bus.Publish(new OfficeAssigned
        {
            OfficeId = office, PersonId = person, Role = "president", CommunityId = a, StartDate = new DateOnly(2020, 1, 1), EndDate = null, OccurredAt = assignedAt,
        });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OfficeTerms.AnyAsync(t => t.Id == office && t.StartDate == new DateOnly(2020, 1, 1))),
            what: "the late assignment's start in the copy");

        using var leader = factory.ClientAsLeaderOf(a, "overtaken-leader-a");
        await ProblemAssert.IsProblemAsync(await leader.GetAsync($"/api/requests/{residents}"), HttpStatusCode.NotFound);
    }
}
