using Microsoft.Playwright;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// No English in Thai mode, anywhere: every page of every role walked in Thai, with its refusals, fails on a Latin word
/// outside the few names people read as they are. And every page works in English mode: a main heading, and the page's
/// own words (headings, labels, buttons, column heads, the menu) in English.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LanguageTests(WebSystem system)
{
    /// <summary>Names people read as they are in a Thai page: channels and file formats.</summary>
    public static readonly string[] AllowedWords = ["LINE", "SMS", "CSV", "JPEG", "PNG", "WebP"];

    private sealed record World(Scenario Scenario, Guid RequestId, Guid ProjectId);

    private async Task<World> WorldAsync()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 12);
        var (requestId, _) = await scenario.SubmitRequestAsync(system, "ถนนทรุดหน้าศาลาประชาคม", LeaderAndStaffFlowTests.Photo);
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{requestId}/transitions", Scenario.StaffToken, new { to = "triaged", note = "ส่งกองช่าง" });
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{requestId}/transitions", Scenario.StaffToken, new { to = "needs-budget", note = "เกินงบซ่อม" });
        var year = await StaffConsoleTests.EnsurePlanPeriodAsync(system);
        var project = await system.CallAsync(HttpMethod.Post, "/api/requests/plan/projects", Scenario.StaffToken, new
        {
            title = "ปรับปรุงถนนหน้าศาลาประชาคม",
            strategy = "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
            fiscalYears = new[] { year },
            estimatedBudget = 350_000m,
            requestIds = new[] { requestId },
        });
        return new World(scenario, requestId, project.GetProperty("id").GetGuid());
    }

    private static IEnumerable<string> StaffPages(World w) =>
    [
        "/", "/requests/new", "/requests/mine", $"/requests/{w.RequestId}", "/meetings", "/inbox", "/preferences",
        "/staff/requests", "/staff/plan", "/staff/plan/new", $"/staff/plan/{w.ProjectId}", "/staff/meetings", $"/staff/meetings/{w.Scenario.ProgrammeId}",
        $"/staff/sessions/{w.Scenario.SessionId}", "/staff/registry", $"/staff/registry/communities/{w.Scenario.CommunityId}", "/staff/registry/people",
        "/staff/registry/import", "/staff/statistics", "/staff/announcements", "/map", "/stats", $"/public/requests/{w.RequestId}", "/no-such-page",
    ];

    private static IEnumerable<string> LeaderPages(World w) =>
    [
        "/", "/community", "/meetings", "/requests/mine", $"/requests/{w.RequestId}", "/requests/new", "/inbox", "/preferences", $"/plan/projects/{w.ProjectId}",
    ];

    [Fact]
    public async Task Every_page_of_every_role_is_Thai_with_no_English_word_refusals_included()
    {
        var world = await WorldAsync();
        var findings = new List<string>();

        var anonymous = await system.NewPageAsync();
        foreach (var path in new[] { "/", "/account/sign-in" })
        {
            await anonymous.GotoAsync(path);
            await Expect(anonymous.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
            findings.AddRange((await Browser.LatinWordsAsync(anonymous, AllowedWords)).Select(f => $"anonymous {path}: {f}"));
        }

        var admin = await system.NewPageAsync();
        await Browser.SignInAsync(admin, "admin", "web-tests-thai-admin", "ผู้ดูแลภาษาไทย");
        foreach (var path in StaffPages(world))
        {
            await WalkAsync(admin, path, $"admin {path}", findings);
        }

        // Refusals and the form's own checks, in Thai too: an empty request, a Common Era year, a bad check-in code.
        await Browser.OpenAsync(admin, "/requests/new");
        await admin.GetByRole(AriaRole.Button, new() { Name = "ส่งคำร้อง" }).ClickAsync();
        await Expect(admin.GetByTestId("error-summary")).ToBeVisibleAsync();
        findings.AddRange((await Browser.LatinWordsAsync(admin, AllowedWords)).Select(f => $"admin /requests/new refused: {f}"));
        await Browser.OpenAsync(admin, "/staff/statistics");
        await admin.GetByLabel("ปีงบประมาณ (พ.ศ.)").FillAsync("2026");
        await admin.GetByRole(AriaRole.Button, new() { Name = "แสดง" }).ClickAsync();
        await Expect(admin.GetByTestId("error-summary")).ToContainTextAsync("ปี 2026 เป็นปี ค.ศ. โปรดกรอกปี พ.ศ. (2569)");
        findings.AddRange((await Browser.LatinWordsAsync(admin, AllowedWords)).Select(f => $"admin /staff/statistics refused: {f}"));
        await Browser.OpenAsync(admin, $"/staff/sessions/{world.Scenario.SessionId}");
        await admin.GetByLabel("รหัสเข้างาน 8 ตัวอักษร").FillAsync("1111OOOO");
        await admin.GetByTestId("check-in").GetByRole(AriaRole.Button, new() { Name = "ลงชื่อ", Exact = true }).ClickAsync();
        await Expect(admin.GetByTestId("error-summary")).ToContainTextAsync("รหัสเข้างานมี 8 ตัว");
        findings.AddRange((await Browser.LatinWordsAsync(admin, AllowedWords)).Select(f => $"admin check-in refused: {f}"));
        // The pin tapped on the submit page's map is named in Thai too (its title and its picture's alt).
        await Browser.OpenAsync(admin, "/requests/new");
        var map = admin.GetByTestId("map");
        await Expect(map).ToHaveAttributeAsync("data-map", "ready");
        await map.ClickAsync();
        await Expect(map.Locator("img.leaflet-marker-icon")).ToHaveAttributeAsync("alt", "หมุดตำแหน่งที่เลือก");
        findings.AddRange((await Browser.LatinWordsAsync(admin, AllowedWords)).Select(f => $"admin /requests/new pin: {f}"));

        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", world.Scenario.LeaderSubject, world.Scenario.LeaderName, world.Scenario.CommunityId);
        foreach (var path in LeaderPages(world))
        {
            await WalkAsync(leader, path, $"leader {path}", findings);
        }

        Assert.Empty(findings);

        // The walk sees English where there is some: the same page in English mode is full of it.
        var english = await system.NewPageAsync(english: true);
        await english.GotoAsync("/account/sign-in");
        Assert.Contains(await Browser.LatinWordsAsync(english, AllowedWords), f => f.StartsWith("\"Sign\"", StringComparison.Ordinal));
    }

    private static async Task WalkAsync(IPage page, string path, string where, List<string> findings)
    {
        await Browser.OpenAsync(page, path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await Expect(page.Locator(".loading")).ToHaveCountAsync(0);
        Assert.Equal("th", await page.Locator("html").GetAttributeAsync("lang"));
        findings.AddRange((await Browser.LatinWordsAsync(page, AllowedWords)).Select(f => $"{where}: {f}"));
    }

    [Fact]
    public async Task Every_page_of_every_role_works_in_English_mode()
    {
        var world = await WorldAsync();
        var findings = new List<string>();
        var admin = await system.NewPageAsync(english: true);
        await Browser.SignInAsync(admin, "admin", "web-tests-english-admin", "English admin");
        foreach (var path in StaffPages(world))
        {
            await WalkEnglishAsync(admin, path, $"admin {path}", findings);
        }

        // Community names in English where the registry has them.
        await Browser.OpenAsync(admin, "/staff/registry");
        var communities = await system.Api.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1&q=KPP-01");
        var first = communities.GetProperty("items")[0];
        await Expect(admin.Locator($"tr[data-community='{first.GetProperty("code").GetString()}'] a"))
            .ToHaveTextAsync(first.GetProperty("nameEn").GetString()!);
        // …on the public map's filter, the public view of a request and the announcement form too.
        var all = await system.Api.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=100");
        var worlds = all.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == world.Scenario.CommunityId);
        var nameEn = worlds.GetProperty("nameEn").GetString()!;
        await Browser.OpenAsync(admin, "/map");
        await Expect(admin.Locator($"#m-community option[value='{world.Scenario.CommunityId}']")).ToHaveTextAsync(nameEn);
        await Browser.OpenAsync(admin, $"/public/requests/{world.RequestId}");
        await Expect(admin.GetByTestId("public-community")).ToHaveTextAsync(nameEn);
        await Browser.OpenAsync(admin, "/staff/announcements");
        await admin.GetByLabel("One community's office holders").CheckAsync();
        await Expect(admin.Locator($"#a-community option[value='{world.Scenario.CommunityId}']")).ToContainTextAsync(nameEn);
        // The pin on the submit page's map is named in English.
        await Browser.OpenAsync(admin, "/requests/new");
        var map = admin.GetByTestId("map");
        await Expect(map).ToHaveAttributeAsync("data-map", "ready");
        await map.ClickAsync();
        await Expect(map.Locator("img.leaflet-marker-icon")).ToHaveAttributeAsync("alt", "The chosen place");

        var leader = await system.NewPageAsync(phone: true, english: true);
        await Browser.SignInAsync(leader, "community-leader", world.Scenario.LeaderSubject, "Somsri", world.Scenario.CommunityId);
        foreach (var path in LeaderPages(world))
        {
            await WalkEnglishAsync(leader, path, $"leader {path}", findings);
        }

        Assert.Empty(findings);
    }

    private static async Task WalkEnglishAsync(IPage page, string path, string where, List<string> findings)
    {
        await Browser.OpenAsync(page, path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await Expect(page.Locator(".loading")).ToHaveCountAsync(0);
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        var thai = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("label, legend, button, th[scope=col], nav a, summary, .hint")]
                .filter(el => el.getClientRects().length > 0 && !el.closest('[translate="no"], #components-reconnect-modal'))
                .map(el => el.textContent.trim().replace(/\s+/g, " "))
                .filter(text => /^[\u0E00-\u0E7F]/.test(text))
            """);
        findings.AddRange(thai.Select(t => $"{where}: \"{t}\""));
    }
}
