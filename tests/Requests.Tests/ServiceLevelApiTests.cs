using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>Rules that depend on the clock: overdue lists, statistics and the reopen window, with a clock the test turns.</summary>
public sealed class ServiceLevelApiTests(ClockedRequestsFactory factory) : IClassFixture<ClockedRequestsFactory>
{
    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static async Task<Guid> SubmitAsync(HttpClient client, Guid community, string category = "drainage") =>
        (await RequestsFactory.SubmitAsync(client, new { communityId = community, category, title = "ปัญหา " + category, description = "รายละเอียด" }))
            .GetProperty("id").GetGuid();

    private static async Task MoveAsync(HttpClient client, Guid id, params string[] states)
    {
        foreach (var to in states)
        {
            using var response = await RequestsFactory.TransitionAsync(client, id, new { to });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{to}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Staff_list_the_requests_past_their_due_times()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-sla", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-sla", ["staff"]);
        var unanswered = await SubmitAsync(resident, community, "waste"); // first response due in 24 h
        var answered = await SubmitAsync(resident, community, "road"); // resolution due in 30 days
        await MoveAsync(staff, answered, "triaged");
        var toPlan = await SubmitAsync(resident, community, "drainage");
        await MoveAsync(staff, toPlan, "triaged", "needs-budget");

        Assert.Empty(Ids(await staff.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&overdue=true")));

        factory.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal([unanswered], Ids(await staff.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&overdue=true")));

        factory.Clock.Advance(TimeSpan.FromDays(30));
        var overdue = Ids(await staff.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&overdue=true"));
        Assert.Equal(new[] { answered, unanswered }.Order(), overdue.Order()); // the request waiting for the plan's budget is not overdue
        Assert.Equal([toPlan], Ids(await staff.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&overdue=false")));
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{answered}");
        Assert.True(view.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task The_submitter_reopens_within_14_days_of_the_resolution_and_not_after()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-reopen", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-reopen", ["staff"]);
        var soon = await SubmitAsync(resident, community);
        var late = await SubmitAsync(resident, community);
        await MoveAsync(staff, soon, "triaged", "in-progress", "resolved");
        await MoveAsync(staff, late, "triaged", "in-progress", "resolved");

        factory.Clock.Advance(TimeSpan.FromDays(13));
        await MoveAsync(resident, soon, "in-progress");

        factory.Clock.Advance(TimeSpan.FromDays(2));
        var problem = await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(resident, late, new { to = "in-progress", note = "ยังไม่หาย" }), HttpStatusCode.Conflict);
        Assert.Contains("14 days", problem.GetProperty("detail").GetString());
        Assert.Equal(["closed"], problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Statistics_give_counts_medians_and_overdue_share_per_category_community_and_division_for_a_fiscal_year()
    {
        var a = await factory.KnownCommunityAsync(nameTh: "ชุมชนสถิติ ก");
        var b = await factory.KnownCommunityAsync(nameTh: "ชุมชนสถิติ ข");
        using var resident = factory.LongLivedClientAs("resident-stats", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-stats", ["staff"]);
        var start = factory.Clock.GetUtcNow();
        var fiscalYear = Municipal.ThaiCalendar.FiscalYear.Of(start).BuddhistEra;

        var r1 = await SubmitAsync(resident, a, "lighting");
        var r2 = await SubmitAsync(resident, a, "lighting");
        var r3 = await SubmitAsync(resident, b, "water");
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await MoveAsync(staff, r1, "triaged");
        factory.Clock.Advance(TimeSpan.FromHours(4));
        await MoveAsync(staff, r2, "triaged"); // answered after 6 h
        factory.Clock.Advance(TimeSpan.FromDays(2));
        await MoveAsync(staff, r1, "resolved"); // resolved after 2 days 6 h: within lighting's 7 days
        _ = r3; // never answered: past its 24 hours

        using var officials = factory.LongLivedClientAs("exec-stats", ["executive"]);
        var stats = await officials.GetFromJsonAsync<JsonElement>($"/api/requests/stats?fiscalYear={fiscalYear}&community={a}");
        var lighting = stats.GetProperty("byCategory").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "lighting");
        Assert.Equal(2, lighting.GetProperty("count").GetInt32());
        Assert.Equal(4.0, lighting.GetProperty("medianHoursToFirstResponse").GetDouble()); // (2 + 6) / 2
        Assert.Equal(54.0, lighting.GetProperty("medianHoursToResolution").GetDouble());
        Assert.Equal(0, lighting.GetProperty("overdueShare").GetDouble());
        Assert.Equal("ชุมชนสถิติ ก", stats.GetProperty("byCommunity")[0].GetProperty("nameTh").GetString());

        var both = await officials.GetFromJsonAsync<JsonElement>($"/api/requests/stats?fiscalYear={fiscalYear}&division=water-supply");
        var water = Assert.Single(both.GetProperty("byDivision").EnumerateArray());
        Assert.Equal("กองการประปา", water.GetProperty("nameTh").GetString());
        Assert.Equal(1.0, water.GetProperty("overdueShare").GetDouble());
        Assert.Equal(JsonValueKind.Null, water.GetProperty("medianHoursToFirstResponse").ValueKind);

        var otherYear = await officials.GetFromJsonAsync<JsonElement>($"/api/requests/stats?fiscalYear={fiscalYear - 1}&community={a}");
        Assert.Equal(0, otherYear.GetProperty("overall").GetProperty("count").GetInt32());

        using var leader = factory.LongLivedClientAs("leader-stats", ["community-leader"], a);
        await ProblemAssert.IsProblemAsync(await leader.GetAsync("/api/requests/stats"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await officials.GetAsync("/api/requests/stats?fiscalYear=2026"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_operators_edit_of_a_categorys_target_time_applies_to_submissions_within_a_minute()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-catalog", ["resident"]);
        async Task<double> ResolutionDaysOfANewRequestAsync()
        {
            var view = await RequestsFactory.SubmitAsync(resident, new { communityId = community, category = "lighting", title = "ไฟดับ", description = "ทั้งซอย" });
            return (view.GetProperty("resolutionDueAt").GetDateTimeOffset() - view.GetProperty("submittedAt").GetDateTimeOffset()).TotalDays;
        }

        Assert.Equal(7, await ResolutionDaysOfANewRequestAsync()); // the seeded target
        await factory.WithScopeAsync(async services => await services.GetRequiredService<Infrastructure.RequestsDbContext>().Database
            .ExecuteSqlRawAsync("UPDATE \"Categories\" SET \"ResolutionDays\" = 3 WHERE \"Code\" = 'lighting'"));

        Assert.Equal(7, await ResolutionDaysOfANewRequestAsync()); // kept in memory for up to a minute
        factory.Clock.Advance(Application.CategoryCatalog.Freshness);
        Assert.Equal(3, await ResolutionDaysOfANewRequestAsync());
    }
}
