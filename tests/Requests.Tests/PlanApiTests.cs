using MassTransit.Testing;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public sealed class PlanApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>, IAsyncLifetime
{
    private HttpClient Admin => factory.ClientAs("admin-plan", "admin");

    public async Task InitializeAsync()
    {
        // The plan 2566–2570, once for the class (a second attempt is refused as overlapping).
        using var admin = Admin;
        using var response = await admin.PostAsJsonAsync("/api/requests/plan/periods", new { firstYear = 2566 });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A request in the given community, triaged and marked as needing budget.</summary>
    private async Task<Guid> NeedsBudgetAsync(Guid community, HttpClient staff)
    {
        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-plan-" + community.ToString("N")[..6]);
        var id = (await RequestsFactory.SubmitAsync(leader, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "needs-budget" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to })).StatusCode);
        }

        return id;
    }

    private static object Project(params Guid[] requests) => new
    {
        title = "ก่อสร้างรางระบายน้ำ คสล. ซอย 3",
        strategy = "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
        fiscalYears = new[] { 2570 },
        estimatedBudget = 1_250_000.50m,
        requestIds = requests,
    };

    [Fact]
    public async Task Plan_periods_span_five_years_and_may_not_overlap()
    {
        using var admin = Admin;
        var periods = await admin.GetFromJsonAsync<JsonElement>("/api/requests/plan/periods");
        var plan = periods.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("firstYear").GetInt32() == 2566);
        Assert.Equal(2570, plan.GetProperty("lastYear").GetInt32());
        Assert.Equal("แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570)", plan.GetProperty("title").GetString());

        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/requests/plan/periods", new { firstYear = 2568 }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/requests/plan/periods", new { firstYear = 2026 }), HttpStatusCode.BadRequest);
        using var staff = factory.ClientAs("staff-period", "staff");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/requests/plan/periods", new { firstYear = 2571 }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_request_that_needs_budget_is_proposed_as_a_new_project_and_the_report_shows_it_with_its_community()
    {
        var community = await factory.KnownCommunityAsync(nameTh: "ชุมชนหน้าวัด");
        using var staff = factory.ClientWith(TestTokens.For("staff-pw-plan", ["staff"], division: "public-works"));
        var request = await NeedsBudgetAsync(community, staff);

        using var created = await staff.PostAsJsonAsync("/api/requests/plan/projects", Project(request));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("proposed", project.GetProperty("stage").GetString());
        Assert.Equal(1_250_000.50m, project.GetProperty("estimatedBudget").GetDecimal());
        Assert.Equal([2570], project.GetProperty("fiscalYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal("proposed-for-plan", project.GetProperty("requests")[0].GetProperty("status").GetString());
        await factory.PublishedAsync<RequestStatusChanged>(m => m.RequestId == request && m.To == "proposed-for-plan");

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal(project.GetProperty("id").GetGuid(), view.GetProperty("planProjectId").GetGuid());

        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-report");
        var report = await leader.GetFromJsonAsync<JsonElement>("/api/requests/plan/report?fiscalYear=2570");
        var year = Assert.Single(report.GetProperty("years").EnumerateArray());
        Assert.Equal(2570, year.GetProperty("fiscalYear").GetInt32());
        var proposed = year.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "proposed");
        var item = proposed.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == project.GetProperty("id").GetGuid());
        Assert.Equal(request, item.GetProperty("requests")[0].GetProperty("id").GetGuid());
        Assert.Equal("ชุมชนหน้าวัด", item.GetProperty("communities")[0].GetProperty("nameTh").GetString());
        Assert.Empty((await leader.GetFromJsonAsync<JsonElement>("/api/requests/plan/report?fiscalYear=2569")).GetProperty("years").EnumerateArray());
    }

    [Fact]
    public async Task A_request_is_attached_to_an_existing_project_through_its_workflow()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-attach", "staff");
        var first = await NeedsBudgetAsync(community, staff);
        var second = await NeedsBudgetAsync(community, staff);
        var project = await (await staff.PostAsJsonAsync("/api/requests/plan/projects", Project(first))).Content.ReadFromJsonAsync<JsonElement>();
        var projectId = project.GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, second, new { to = "proposed-for-plan" }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(staff, second, new { to = "proposed-for-plan", projectId = Guid.NewGuid() }), HttpStatusCode.UnprocessableEntity);
        using var attached = await RequestsFactory.TransitionAsync(staff, second, new { to = "proposed-for-plan", projectId, note = "รวมกับโครงการเดิม" });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);

        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/plan/projects/{projectId}");
        Assert.Equal([first, second], read.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Single(read.GetProperty("communities").EnumerateArray());
    }

    [Fact]
    public async Task Only_requests_that_need_budget_are_proposed_and_nothing_is_half_written()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-half", "staff");
        var ready = await NeedsBudgetAsync(community, staff);
        using var resident = factory.ClientAs("resident-half", "resident");
        var fresh = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();

        var problem = await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/requests/plan/projects", Project(ready, fresh)), HttpStatusCode.Conflict);
        Assert.Equal(["triaged", "rejected", "duplicate"], problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));

        var readyView = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{ready}");
        Assert.Equal("needs-budget", readyView.GetProperty("status").GetString());
        var projects = await staff.GetFromJsonAsync<JsonElement>("/api/requests/plan/projects?pageSize=100");
        Assert.DoesNotContain(projects.GetProperty("items").EnumerateArray(), p => p.GetProperty("requests").EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == ready));
    }

    [Theory]
    [InlineData(2571, "1000")]
    [InlineData(2570, "-5")]
    [InlineData(2570, "10.001")]
    public async Task A_project_outside_every_plan_or_with_a_bad_budget_is_refused(int year, string budget)
    {
        using var staff = factory.ClientAs("staff-bad-project", "staff");
        using var response = await staff.PostAsJsonAsync("/api/requests/plan/projects", new
        {
            title = "โครงการ", strategy = "ยุทธศาสตร์", fiscalYears = new[] { year }, estimatedBudget = decimal.Parse(budget, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}");
        await ProblemAssert.IsProblemAsync(response, response.StatusCode);
    }

    [Fact]
    public async Task Progress_moves_the_project_and_its_requests_and_tells_the_communities_behind_it()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-progress", "staff");
        var request = await NeedsBudgetAsync(community, staff);
        var projectId = (await (await staff.PostAsJsonAsync("/api/requests/plan/projects", Project(request))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        async Task<HttpResponseMessage> Report(object body) => await staff.PostAsJsonAsync($"/api/requests/plan/projects/{projectId}/progress", body);

        await ProblemAssert.IsProblemAsync(await Report(new { stage = "budgeted" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await Report(new { percent = 20 }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await Report(new { stage = "finished" }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Report(new { stage = "in-plan", note = "อยู่ในแผนพัฒนาท้องถิ่น" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Report(new { stage = "budgeted", note = "ข้อบัญญัติงบประมาณรายจ่ายประจำปี 2570" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Report(new { stage = "in-progress", percent = 40, note = "เริ่มก่อสร้าง" })).StatusCode);

        Assert.Equal("in-progress", (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{request}")).GetProperty("status").GetString());
        await factory.PublishedAsync<PlanProjectProgressed>(m =>
            m.ProjectId == projectId && m.Stage == "in-progress" && m.ProgressPercent == 40
            && m.CommunityIds.SequenceEqual(new[] { community }) && m.RequestIds.SequenceEqual(new[] { request }));

        using var done = await Report(new { stage = "done", note = "ส่งมอบงานแล้ว" });
        var project = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(100, project.GetProperty("progressPercent").GetInt32());
        Assert.Equal(["proposed", "in-plan", "budgeted", "in-progress", "done"], project.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("stage").GetString()));
        Assert.Equal("resolved", (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{request}")).GetProperty("status").GetString());
        await factory.PublishedAsync<RequestStatusChanged>(m => m.RequestId == request && m.To == "resolved");
        await ProblemAssert.IsProblemAsync(await Report(new { note = "อีกครั้ง" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/requests/plan/projects/{Guid.NewGuid()}/progress", new { note = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Residents_read_the_plan_but_only_staff_propose_or_report()
    {
        using var resident = factory.ClientAs("resident-plan", "resident");
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/api/requests/plan/projects")).StatusCode);
        await ProblemAssert.IsProblemAsync(await resident.PostAsJsonAsync("/api/requests/plan/projects", Project()), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await resident.PostAsJsonAsync($"/api/requests/plan/projects/{Guid.NewGuid()}/progress", new { note = "x" }), HttpStatusCode.Forbidden);
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/requests/plan/report"), HttpStatusCode.Unauthorized);
    }
}
