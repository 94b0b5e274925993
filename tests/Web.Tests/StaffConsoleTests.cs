using Microsoft.Playwright;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// The staff console beyond the daily workflow, in a real browser: the registry's CSV import with its row errors,
/// the development plan (a form that keeps its content when the API refuses it, in Thai), and the statistics.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class StaffConsoleTests(WebSystem system)
{
    private static readonly string AdminToken = TestTokens.For("web-tests-admin", ["admin"]);

    [Fact]
    public async Task A_CSV_with_bad_rows_imports_nothing_and_lists_each_bad_line_then_the_good_rows_only_import_does()
    {
        var code = "WT-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = Encoding.UTF8.GetBytes($"code,name_th,latitude,longitude\n{code},ชุมชนทดสอบหน้าเว็บ,,\n,ชุมชนไม่มีรหัส,,\nWT-FAR,ชุมชนนอกเขต,13.7563,100.5018\n");
        var staff = await system.NewPageAsync();
        await staff.GotoAsync("/account/sign-in");
        await Browser.ScreenshotAsync(staff, "sign-in");
        await Browser.SignInAsync(staff, "staff", "web-tests-registry", "เจ้าหน้าที่ทะเบียน");
        await Browser.OpenAsync(staff, "/staff/registry");
        await Expect(staff.GetByTestId("communities").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(staff, "staff-registry");

        await staff.GetByRole(AriaRole.Link, new() { Name = "นำเข้าไฟล์ CSV" }).ClickAsync();
        await Browser.WaitForCircuitAsync(staff);
        await Browser.ChooseFileAsync(staff.GetByLabel("ไฟล์ CSV", new() { Exact = true }), new FilePayload { Name = "communities.csv", MimeType = "text/csv", Buffer = csv });
        await Expect(staff.GetByText("communities.csv")).ToBeVisibleAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "นำเข้า", Exact = true }).ClickAsync();

        // All or nothing: 422 in Thai, each bad line (the header is line 1) with its column.
        await Expect(staff.GetByTestId("problem")).ToContainTextAsync("ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ");
        var rows = staff.GetByTestId("row-errors");
        await Expect(rows.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(rows.Locator("tr[data-line='3']")).ToContainTextAsync("code");
        await Expect(rows.Locator("tr[data-line='4']")).ToContainTextAsync("ตำแหน่งอยู่นอกเขตเทศบาล");
        await Browser.ScreenshotAsync(staff, "staff-registry-import-errors");
        Assert.Equal(0, await CommunitiesCalledAsync(code));

        // The good rows only: the good one is registered, the bad ones are listed as skipped.
        await staff.GetByLabel("นำเข้าเฉพาะแถวที่ถูกต้อง (ข้ามแถวที่ผิด)").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "นำเข้า", Exact = true }).ClickAsync();
        await Expect(staff.GetByTestId("import-report")).ToContainTextAsync("เพิ่มใหม่ 1");
        await Expect(staff.GetByTestId("row-errors").Locator("tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(1, await CommunitiesCalledAsync(code));
    }

    [Fact]
    public async Task Staff_propose_a_plan_project_for_a_request_that_needs_budget_keeping_the_form_when_refused_and_report_its_progress()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 8);
        var (requestId, number) = await scenario.SubmitRequestAsync(system, "ขอสร้างรางระบายน้ำใหม่ทั้งซอย", LeaderAndStaffFlowTests.Photo);
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{requestId}/transitions", Scenario.StaffToken, new { to = "triaged" });
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{requestId}/transitions", Scenario.StaffToken, new { to = "needs-budget", note = "เกินงบซ่อมบำรุง" });
        var fiscalYear = await EnsurePlanPeriodAsync(system);

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-planner", "เจ้าหน้าที่แผน");
        await Browser.OpenAsync(staff, $"/staff/plan/new?request={requestId}");
        await Expect(staff.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex(Regex.Escape(number)) })).ToBeCheckedAsync();

        // Nothing filled in: the form's own checks, in Thai, under the fields.
        await staff.GetByRole(AriaRole.Button, new() { Name = "เสนอโครงการ" }).ClickAsync();
        await Expect(staff.Locator(".field-error[data-field='title']")).ToContainTextAsync("โปรดกรอกชื่อโครงการ");
        await Expect(staff.GetByLabel("ชื่อโครงการ")).ToHaveAttributeAsync("aria-invalid", "true");

        // A fiscal year no plan holds: the API refuses (422) and says so in Thai; what was typed stays.
        await staff.GetByLabel("ชื่อโครงการ").FillAsync("ก่อสร้างรางระบายน้ำ ค.ส.ล. ซอยทดสอบ");
        await staff.GetByLabel("ยุทธศาสตร์การพัฒนา").FillAsync("ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน");
        await staff.GetByLabel(new Regex("^ปีงบประมาณ")).FillAsync("2650");
        await staff.GetByLabel("งบประมาณโดยประมาณ (บาท)").FillAsync("1250000");
        await staff.GetByRole(AriaRole.Button, new() { Name = "เสนอโครงการ" }).ClickAsync();
        var refused = staff.GetByTestId("error-summary");
        await Expect(refused).ToHaveAttributeAsync("data-kind", "outside-plan-period");
        await Expect(refused).ToContainTextAsync("ยังไม่มีแผนพัฒนาที่ครอบคลุมปีงบประมาณนี้");
        // The refusal takes focus (it is announced and in view), and says what to do next.
        await Expect(refused).ToBeFocusedAsync();
        await Expect(staff.GetByTestId("plan-way-forward").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/staff/plan#periods");
        await Expect(staff.GetByLabel("ชื่อโครงการ")).ToHaveValueAsync("ก่อสร้างรางระบายน้ำ ค.ส.ล. ซอยทดสอบ");
        await Expect(staff.GetByLabel("งบประมาณโดยประมาณ (บาท)")).ToHaveValueAsync("1250000");
        await Browser.ScreenshotAsync(staff, "staff-plan-propose-refused");

        await staff.GetByLabel(new Regex("^ปีงบประมาณ")).FillAsync(fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await staff.GetByRole(AriaRole.Button, new() { Name = "เสนอโครงการ" }).ClickAsync();
        await Expect(staff.GetByTestId("project-title")).ToHaveTextAsync("ก่อสร้างรางระบายน้ำ ค.ส.ล. ซอยทดสอบ");
        await Expect(staff.GetByTestId("project-stage")).ToContainTextAsync("เสนอโครงการ");
        await Expect(staff.GetByTestId("project-requests").Locator($"tr[data-request='{number}']")).ToContainTextAsync("เสนอเข้าแผนพัฒนา");

        // Progress: into the plan, with a dated note.
        await staff.GetByLabel("ขั้นตอนใหม่ (ไม่บังคับ)").SelectOptionAsync("in-plan");
        await staff.GetByLabel("บันทึก", new() { Exact = true }).FillAsync("สภาเทศบาลอนุมัติแผนแล้ว");
        await staff.GetByRole(AriaRole.Button, new() { Name = "บันทึกความคืบหน้า" }).ClickAsync();
        await Expect(staff.GetByTestId("project-stage")).ToContainTextAsync("อยู่ในแผนพัฒนา");
        await Expect(staff.GetByTestId("project-notes")).ToContainTextAsync("สภาเทศบาลอนุมัติแผนแล้ว");
        await Browser.ScreenshotAsync(staff, "staff-plan-project");

        // The plan by fiscal year and stage lists it.
        await Browser.OpenAsync(staff, "/staff/plan");
        var year = staff.Locator($"[data-testid='plan-year'][data-year='{fiscalYear}']");
        await Expect(year.Locator("table[data-stage='in-plan']")).ToContainTextAsync("ก่อสร้างรางระบายน้ำ ค.ส.ล. ซอยทดสอบ");
        await Browser.ScreenshotAsync(staff, "staff-plan");
    }

    [Fact]
    public async Task Statistics_count_requests_per_category_community_and_division_as_the_API_does()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 9);
        await scenario.SubmitRequestAsync(system, "ทางเท้าชำรุดหน้าโรงเรียน", LeaderAndStaffFlowTests.Photo);
        var stats = await system.CallAsync(HttpMethod.Get, "/api/requests/stats", Scenario.StaffToken);
        var community = stats.GetProperty("byCommunity").EnumerateArray().Single(r => r.GetProperty("key").GetString() == scenario.CommunityId.ToString());
        var road = stats.GetProperty("byCategory").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "road");

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "executive", "web-tests-executive", "ผู้บริหารทดสอบ");
        await Browser.OpenAsync(staff, "/staff/statistics");
        await staff.GetByRole(AriaRole.Button, new() { Name = "ทุกปีงบประมาณ" }).ClickAsync();
        await Expect(staff.GetByTestId("stats-scope")).ToContainTextAsync("ทุกปีงบประมาณ");
        // At least what the API counted a moment ago (other tests may add requests meanwhile, never remove them).
        await ExpectAtLeastAsync(staff.GetByTestId("stats-community").Locator($"tr[data-key='{scenario.CommunityId}'] td.num").First, community.GetProperty("count").GetInt32());
        await ExpectAtLeastAsync(staff.GetByTestId("stats-category").Locator("tr[data-key='road'] td.num").First, road.GetProperty("count").GetInt32());
        await Expect(staff.GetByTestId("stats-category").Locator("tr[data-key='road'] th")).ToHaveTextAsync("ถนนและทางเท้า");
        await Expect(staff.GetByTestId("stats-division").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(staff, "staff-statistics");
    }

    private static async Task ExpectAtLeastAsync(ILocator cell, int count)
    {
        await Expect(cell).ToHaveTextAsync(new Regex("^[0-9,]+$"));
        var shown = int.Parse((await cell.InnerTextAsync()).Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shown >= count, $"shown {shown}, the API counted {count}");
    }

    private async Task<int> CommunitiesCalledAsync(string code)
    {
        var page = await system.Api.GetFromJsonAsync<JsonElement>($"/api/communities?q={code}");
        return page.GetProperty("total").GetInt32();
    }

    /// <summary>The plan period holding this fiscal year (one per system: made once, by an admin, as the API requires); the year.</summary>
    internal static async Task<int> EnsurePlanPeriodAsync(WebSystem system)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var fiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543;
        var periods = await system.CallAsync(HttpMethod.Get, "/api/requests/plan/periods", AdminToken);
        if (!periods.GetProperty("items").EnumerateArray().Any(p => p.GetProperty("firstYear").GetInt32() <= fiscalYear && p.GetProperty("lastYear").GetInt32() >= fiscalYear))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests/plan/periods") { Content = JsonContent.Create(new { firstYear = fiscalYear }) };
            request.Headers.Authorization = new("Bearer", AdminToken);
            using var response = await system.Api.SendAsync(request);
            // Two tests at once may both try: the second is refused as overlapping, and the period is there either way.
            Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        }

        return fiscalYear;
    }
}
