using Microsoft.Playwright;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// Casework in a real browser: the public map and statistics without sign-in (phone and desktop, with the tile server
/// unreachable, as it is here: markers and the list still work), staff's map and CSV over the board, the pin on the
/// submit page, the submitter's "was it fixed?", staff's hand-off and notes, and announcements.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CaseworkPagesTests(WebSystem system)
{
    private async Task<(Guid Id, string Number)> RoadAsync(Scenario scenario, string title, double latitude = 16.4815, double longitude = 99.5501)
    {
        var created = await system.CallAsync(HttpMethod.Post, "/api/requests", scenario.LeaderToken, new
        {
            communityId = scenario.CommunityId, category = "road", title, description = "หลุมลึกกลางถนน",
            location = new { latitude, longitude },
        });
        return (created.GetProperty("id").GetGuid(), created.GetProperty("number").GetString()!);
    }

    private static ILocator Marker(IPage page, Guid id) => page.Locator($"[data-testid=map] .map-marker[data-request='{id}']");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_public_map_shows_markers_and_a_list_without_sign_in_and_a_marker_opens_the_masked_public_view(bool phone)
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: phone ? 10 : 11);
        var (road, number) = await RoadAsync(scenario, "ถนนเป็นหลุม โทร 081-234-5678");
        var tree = await system.CallAsync(HttpMethod.Post, "/api/requests", scenario.LeaderToken, new
        {
            communityId = scenario.CommunityId, category = "tree", title = "กิ่งไม้จะหัก", description = "ใกล้สายไฟ",
            location = new { latitude = 16.4790, longitude = 99.5470 },
        });

        var page = await system.NewPageAsync(phone);
        await Browser.OpenAsync(page, "/map");
        await page.GetByLabel("ชุมชน").SelectOptionAsync(scenario.CommunityId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "แสดง", Exact = true }).ClickAsync();

        var map = page.GetByTestId("map");
        await Expect(map).ToHaveAttributeAsync("data-map", "ready");
        await Expect(Marker(page, road)).ToHaveCountAsync(1);
        await Expect(Marker(page, tree.GetProperty("id").GetGuid())).ToHaveCountAsync(1);
        // The tiles cannot load here (the test system's tile server is unreachable): the page says so, the markers stay.
        await Expect(map).ToHaveAttributeAsync("data-tiles", "failed");
        await Expect(map.Locator(".map-notice")).ToContainTextAsync("โหลดแผนที่พื้นฐานไม่ได้");
        var list = page.GetByTestId("map-list");
        await Expect(list).ToContainTextAsync(number);
        await Expect(list).ToContainTextAsync("[ซ่อนเบอร์โทรศัพท์]");
        await Expect(list).Not.ToContainTextAsync("081-234-5678");
        await Browser.ScreenshotAsync(page, phone ? "public-map-phone" : "public-map");

        // Filter by category: only the tree is left.
        await page.GetByLabel("หมวดหมู่").SelectOptionAsync("tree");
        await page.GetByRole(AriaRole.Button, new() { Name = "แสดง", Exact = true }).ClickAsync();
        await Expect(Marker(page, road)).ToHaveCountAsync(0);
        await Expect(list).Not.ToContainTextAsync(number);
        await page.GetByLabel("หมวดหมู่").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "แสดง", Exact = true }).ClickAsync();

        // A marker opens the public view: masked, no personal data, the dates of its states. Tapped as a person would
        // (no forced click): Playwright waits until the marker stands still and is what receives the tap.
        await Expect(map).ToHaveAttributeAsync("data-markers", "2");
        await Marker(page, road).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/public/requests/{road}$"));
        await Expect(page.GetByTestId("public-title")).ToHaveTextAsync("ถนนเป็นหลุม โทร [ซ่อนเบอร์โทรศัพท์]");
        await Expect(page.GetByTestId("public-history")).ToContainTextAsync("รับเรื่องแล้ว");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(scenario.LeaderName);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(scenario.LeaderSubject);
    }

    [Fact]
    public async Task Public_statistics_of_the_fiscal_year_need_no_sign_in()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 12);
        await RoadAsync(scenario, "ทางเท้าชำรุด");
        var page = await system.NewPageAsync(phone: true);
        await Browser.OpenAsync(page, "/stats");
        await Expect(page.GetByTestId("public-stats")).ToContainTextAsync("คำร้องปีงบประมาณ");
        await Expect(page.GetByTestId("by-category")).ToContainTextAsync("ถนนและทางเท้า");
        await Expect(page.GetByTestId("by-community")).ToContainTextAsync(scenario.CommunityName);
        await Browser.ScreenshotAsync(page, "public-stats-phone");
    }

    [Fact]
    public async Task The_question_about_the_fix_is_offered_to_its_submitter_and_not_to_the_leader_of_the_community_who_sees_it()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 22);
        var resident = $"web-tests-resident-{Guid.NewGuid():N}"[..32];
        var created = await system.CallAsync(HttpMethod.Post, "/api/requests", TestTokens.For(resident, ["resident"]), new
        {
            communityId = scenario.CommunityId, category = "road", title = "ถนนหน้าบ้านเป็นหลุม (ผู้แจ้งเอง)", description = "หลุมลึก",
            location = new { latitude = 16.4815, longitude = 99.5501 },
        });
        var id = created.GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "resolved" })
        {
            await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to });
        }

        // The leader sees the resolved request, but only its submitter answers (the API would refuse them 403).
        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, $"/requests/{id}");
        await Expect(leader.GetByTestId("feedback-awaited")).ToContainTextAsync("รอผู้แจ้งตอบ");
        await Expect(leader.GetByTestId("feedback-form")).ToHaveCountAsync(0);

        var submitter = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(submitter, "resident", resident, "นายผู้แจ้ง ทดสอบ");
        await Browser.OpenAsync(submitter, $"/requests/{id}#feedback");
        await Expect(submitter.GetByTestId("feedback-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Typing_a_Common_Era_year_on_the_public_statistics_is_refused_in_Thai_and_a_first_response_within_minutes_says_minutes()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 20);
        var (id, _) = await RoadAsync(scenario, "ทางเท้ายุบ (สถิติ)");
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to = "triaged" });

        var page = await system.NewPageAsync(phone: true);
        await Browser.OpenAsync(page, "/stats");
        // Answered within seconds: the median says minutes, never "0 ชม.".
        var row = page.GetByTestId("by-community").Locator("tbody tr").Filter(new() { HasText = scenario.CommunityName });
        await Expect(row).ToContainTextAsync("1 นาที");
        await Expect(row).Not.ToContainTextAsync("ชม.");

        var year = page.GetByLabel("ปีงบประมาณ (พ.ศ.)");
        await Expect(year).ToHaveAttributeAsync("type", "text");
        await year.FillAsync("2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "แสดง", Exact = true }).ClickAsync();
        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("ปี 2026 เป็นปี ค.ศ. โปรดกรอกปี พ.ศ. (2569)");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(year).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "public-stats-common-era-year-phone");
    }

    [Fact]
    public async Task The_overdue_digests_link_opens_the_board_filtered_to_that_divisions_overdue_requests()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 21);
        var (_, number) = await RoadAsync(scenario, "ถนนแตกร้าว (ลิงก์กระดาน)");
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-board-query", "เจ้าหน้าที่กระดาน");

        // The board's filters come from the address: this community's requests of public works, the new road among them.
        await Browser.OpenAsync(staff, $"/staff/requests?community={scenario.CommunityId}&division=public-works");
        await Expect(staff.GetByLabel("ชุมชน", new() { Exact = true })).ToHaveValueAsync(scenario.CommunityId.ToString());
        await Expect(staff.GetByLabel("กอง", new() { Exact = true })).ToHaveValueAsync("public-works");
        await Expect(staff.GetByTestId("request-list")).ToContainTextAsync(number);

        // The link of the overdue digest (CaseworkNotices): public works, overdue only. The new road is not overdue.
        await Browser.OpenAsync(staff, "/staff/requests?division=public-works&overdue=true");
        await Expect(staff.GetByLabel("เฉพาะที่เกินกำหนด")).ToBeCheckedAsync();
        await Expect(staff.GetByLabel("กอง", new() { Exact = true })).ToHaveValueAsync("public-works");
        await Expect(staff.GetByLabel("ชุมชน", new() { Exact = true })).ToHaveValueAsync("");
        var export = staff.GetByTestId("export-csv");
        await Expect(export).ToHaveAttributeAsync("href", new Regex("division=public-works"));
        await Expect(export).ToHaveAttributeAsync("href", new Regex("overdue=true"));
        await Expect(staff.Locator("main")).Not.ToContainTextAsync(number);
    }

    [Fact]
    public async Task A_search_puts_the_boards_filters_in_the_address_so_it_can_be_reloaded_shared_and_gone_back_to()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 23);
        var (_, number) = await RoadAsync(scenario, "ถนนยุบ (ที่อยู่กระดาน)");
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-board-address", "เจ้าหน้าที่ที่อยู่");
        await Browser.OpenAsync(staff, "/staff/requests");

        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByLabel("เฉพาะที่เกินกำหนด").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff).ToHaveURLAsync(new Regex($"/staff/requests\\?community={scenario.CommunityId}&overdue=true$"));
        await Expect(staff.Locator("main")).Not.ToContainTextAsync(number); // the new road is not overdue

        // Overdue off again: the address follows, and the road is listed.
        await staff.GetByLabel("เฉพาะที่เกินกำหนด").UncheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff).ToHaveURLAsync(new Regex($"/staff/requests\\?community={scenario.CommunityId}$"));
        await Expect(staff.GetByTestId("request-list")).ToContainTextAsync(number);

        // Reloaded (or opened from a link), the board is the same: the interactive board, not only its first server
        // render (Back pressed while the reloaded page is still connecting is a different case, not this test's).
        await staff.ReloadAsync();
        await Browser.WaitForCircuitAsync(staff);
        await Expect(staff.GetByLabel("ชุมชน", new() { Exact = true })).ToHaveValueAsync(scenario.CommunityId.ToString());
        await Expect(staff.GetByLabel("เฉพาะที่เกินกำหนด")).Not.ToBeCheckedAsync();
        await Expect(staff.GetByTestId("request-list")).ToContainTextAsync(number);

        // Back: the overdue search again, its filters in the form.
        await staff.GoBackAsync();
        await Expect(staff).ToHaveURLAsync(new Regex("overdue=true$"));
        await Expect(staff.GetByLabel("เฉพาะที่เกินกำหนด")).ToBeCheckedAsync();
        await Expect(staff.Locator("main")).Not.ToContainTextAsync(number);
    }

    [Fact]
    public async Task Staff_see_the_board_on_a_map_and_export_it_as_csv_with_its_filters()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 13);
        var (id, number) = await RoadAsync(scenario, "ถนนทรุดหน้าโรงเรียน");
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-board-map", "เจ้าหน้าที่แผนที่");
        await Browser.OpenAsync(staff, "/staff/requests");
        await staff.GetByLabel("ชุมชน").SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff.GetByTestId("request-list")).ToContainTextAsync(number);

        await staff.GetByRole(AriaRole.Button, new() { Name = "แสดงบนแผนที่" }).ClickAsync();
        await Expect(Marker(staff, id)).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(staff, "staff-board-map");
        await Expect(staff.GetByTestId("export-csv")).ToHaveAttributeAsync("href", new Regex($"community={scenario.CommunityId}"));
        var download = await staff.RunAndWaitForDownloadAsync(() => staff.GetByTestId("export-csv").ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("เลขที่คำร้อง,", text);
        Assert.Contains(number, text);
    }

    [Fact]
    public async Task On_a_phone_the_submitter_places_the_pin_by_tapping_the_map()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 14);
        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, "/requests/new");
        await leader.GetByLabel("เรื่องเกี่ยวกับ").SelectOptionAsync("lighting");
        await leader.GetByLabel("หัวเรื่อง").FillAsync("ไฟทางดับ (ปักหมุด)");
        await leader.GetByLabel("รายละเอียด").FillAsync("ดับมาสามคืนแล้ว");
        var map = leader.GetByTestId("map");
        await Expect(map).ToHaveAttributeAsync("data-map", "ready");
        await map.ClickAsync(new() { Position = new() { X = 120, Y = 90 } });
        await Expect(map).ToHaveAttributeAsync("data-pin", new Regex(@"^16\.\d+,99\.\d+$"));
        await Expect(leader.GetByTestId("location")).ToContainTextAsync("16.");
        await Browser.ScreenshotAsync(leader, "submit-request-pin-phone");
        await leader.GetByRole(AriaRole.Button, new() { Name = "ส่งคำร้อง" }).ClickAsync();
        await Expect(leader.GetByTestId("submitted")).ToBeVisibleAsync();

        var id = Guid.Parse(new Regex("/requests/([0-9a-f-]{36})").Match(leader.Url).Groups[1].Value);
        var request = await system.CallAsync(HttpMethod.Get, $"/api/requests/{id}", scenario.LeaderToken);
        Assert.Equal(JsonValueKind.Object, request.GetProperty("location").ValueKind);
        Assert.InRange(request.GetProperty("location").GetProperty("latitude").GetDouble(), 16.40, 16.56);
    }

    [Fact]
    public async Task The_submitter_says_it_was_not_fixed_and_staff_hand_it_on_with_a_note_only_staff_see()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 15);
        var (id, _) = await RoadAsync(scenario, "ถนนเป็นแอ่งน้ำขัง");
        foreach (var to in new[] { "triaged", "resolved" })
        {
            await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to });
        }

        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, $"/requests/{id}#feedback");
        var form = leader.GetByTestId("feedback-form");
        // Sent without saying whether it was fixed: the form's own check is announced and takes focus.
        await form.GetByRole(AriaRole.Button, new() { Name = "ส่งคำตอบ" }).ClickAsync();
        var unanswered = leader.GetByTestId("feedback").GetByTestId("error-summary");
        await Expect(unanswered).ToContainTextAsync("โปรดเลือกว่าแก้ไขแล้วหรือยัง");
        await Expect(unanswered).ToBeFocusedAsync();
        await Expect(form.GetByLabel("ยังไม่ได้รับการแก้ไข (เปิดเรื่องอีกครั้ง)")).ToHaveAttributeAsync("aria-invalid", "true");
        await form.GetByLabel("ยังไม่ได้รับการแก้ไข (เปิดเรื่องอีกครั้ง)").CheckAsync();
        await form.GetByLabel("2", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("ความเห็นเพิ่มเติม (ไม่บังคับ)").FillAsync("น้ำยังขังเหมือนเดิม");
        await Browser.ScreenshotAsync(leader, "request-feedback-phone");
        await form.GetByRole(AriaRole.Button, new() { Name = "ส่งคำตอบ" }).ClickAsync();
        await Expect(leader.GetByTestId("feedback-given")).ToContainTextAsync("ยังไม่ได้รับการแก้ไข");
        await Expect(leader.Locator("h1 + p .status")).ToHaveTextAsync("กำลังดำเนินการ");

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-casework", "เจ้าหน้าที่งานคำร้อง");
        await Browser.OpenAsync(staff, $"/requests/{id}");
        var panel = staff.GetByTestId("casework");
        await panel.GetByLabel("เขียนบันทึก").FillAsync("บันทึกภายใน: รอผู้รับเหมาสัปดาห์หน้า");
        await panel.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await Expect(panel.GetByTestId("notes")).ToContainTextAsync("รอผู้รับเหมาสัปดาห์หน้า");
        // Handed over without division or reason: the refusal is at the hand-over form (not the panel's top), announced and in view.
        await panel.GetByRole(AriaRole.Button, new() { Name = "ส่งต่อ" }).ClickAsync();
        var handOver = panel.GetByTestId("error-summary");
        await Expect(handOver).ToContainTextAsync("โปรดเลือกหน่วยงานที่จะส่งต่อ");
        await Expect(handOver).ToBeFocusedAsync();
        Assert.True(await Browser.InViewAsync(handOver));
        await Expect(panel.GetByLabel("เหตุผล")).ToHaveAttributeAsync("aria-invalid", "true");
        await panel.GetByLabel("หน่วยงาน", new() { Exact = true }).SelectOptionAsync("clerk-office");
        await panel.GetByLabel("เหตุผล").FillAsync("เป็นที่ดินของวัด ต้องประสานสำนักปลัด");
        await panel.GetByRole(AriaRole.Button, new() { Name = "ส่งต่อ" }).ClickAsync();
        // The hand-off names where it went first ("ส่งต่อไปยัง" and the division read as one), then who did it.
        await Expect(staff.GetByTestId("history").Locator("[data-kind='rerouted']")).ToHaveTextAsync("ส่งต่อไปยังสำนักปลัดเทศบาล");
        await Browser.ScreenshotAsync(staff, "staff-request-casework");

        await leader.ReloadAsync();
        await Browser.WaitForCircuitAsync(leader);
        await Expect(leader.GetByTestId("history").Locator("[data-kind='rerouted']")).ToHaveTextAsync("ส่งต่อไปยังสำนักปลัดเทศบาล");
        await Expect(leader.Locator("body")).Not.ToContainTextAsync("รอผู้รับเหมาสัปดาห์หน้า");
        await Expect(leader.Locator("body")).Not.ToContainTextAsync("เป็นที่ดินของวัด");
    }

    [Fact]
    public async Task Staff_place_an_address_only_open311_request_on_the_map_and_it_shows_on_the_public_map()
    {
        // An Open311 client reports a place in words only: the request stays unplaced (no point, no community).
        var key = (await system.CallAsync(HttpMethod.Post, "/api/requests/open311/keys", TestTokens.For("web-tests-open311-admin", ["admin"]),
            new { name = "web-tests-placement" })).GetProperty("key").GetString()!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["service_code"] = "road", ["address_string"] = "ถนนเทศบาล 5 หน้าร้านข้าวแกง", ["description"] = "ถนนทรุดเป็นแอ่ง (วางตำแหน่ง)",
        });
        using var posted = await system.Api.PostAsync("/open311/v2/requests.json", form);
        var answer = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.IsSuccessStatusCode, $"{(int)posted.StatusCode} {answer}");
        var number = JsonDocument.Parse(answer).RootElement[0].GetProperty("service_request_id").GetString()!;
        var listed = await system.CallAsync(HttpMethod.Get, "/api/requests?category=road&status=submitted&pageSize=100", Scenario.StaffToken);
        var id = listed.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("number").GetString() == number).GetProperty("id").GetGuid();

        // Its public view reads although it has no community yet.
        var visitor = await system.NewPageAsync();
        await Browser.OpenAsync(visitor, $"/public/requests/{id}");
        await Expect(visitor.GetByTestId("public-description")).ToContainTextAsync("ถนนทรุดเป็นแอ่ง");

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-placer", "เจ้าหน้าที่วางตำแหน่ง");
        await Browser.OpenAsync(staff, $"/requests/{id}");
        await Expect(staff.GetByTestId("needs-location")).ToBeVisibleAsync();
        var panel = staff.GetByTestId("casework");

        // Saved before a pin is placed: the form's own check, at the map, announced and focused.
        await panel.GetByRole(AriaRole.Button, new() { Name = "บันทึกตำแหน่ง" }).ClickAsync();
        var unplaced = panel.GetByTestId("error-summary");
        await Expect(unplaced).ToContainTextAsync("โปรดแตะแผนที่เพื่อปักหมุดตำแหน่งก่อนบันทึก");
        await Expect(unplaced).ToBeFocusedAsync();

        // A tap on the map places the pin; saving puts the request on the map.
        var map = panel.GetByTestId("map");
        await Expect(map).ToHaveAttributeAsync("data-map", "ready");
        await map.ClickAsync();
        await Expect(map).ToHaveAttributeAsync("data-pin", new Regex(@"^16\.\d+,99\.\d+$"));
        await Expect(panel.GetByTestId("place-point")).ToContainTextAsync("จุดที่เลือก: 16.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "บันทึกตำแหน่ง" }).ClickAsync();
        await Expect(panel.GetByTestId("placed")).ToContainTextAsync("บันทึกตำแหน่งแล้ว");
        await Expect(staff.GetByTestId("needs-location")).ToHaveCountAsync(0);
        await Expect(panel.GetByTestId("map")).ToHaveCountAsync(0);
        await Expect(panel.GetByTestId("correct-location")).ToBeVisibleAsync();
        var placed = await system.CallAsync(HttpMethod.Get, $"/api/requests/{id}", Scenario.StaffToken);
        Assert.False(placed.GetProperty("needsLocation").GetBoolean());
        Assert.Equal(JsonValueKind.String, placed.GetProperty("communityId").ValueKind);
        Assert.InRange(placed.GetProperty("location").GetProperty("latitude").GetDouble(), 16.40, 16.56);

        // The public map shows it now.
        await Browser.OpenAsync(visitor, "/map");
        await Expect(visitor.GetByTestId("map")).ToHaveAttributeAsync("data-map", "ready");
        await Expect(Marker(visitor, id)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task An_empty_announcement_is_refused_at_the_form_with_focus_on_the_error_summary_and_meetings_name_their_programme()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 16);
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-announcer-empty", "เจ้าหน้าที่ประชาสัมพันธ์");
        await Browser.OpenAsync(staff, "/staff/announcements");
        await staff.GetByRole(AriaRole.Button, new() { Name = "ส่งประกาศ" }).ClickAsync();
        var summary = staff.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("โปรดกรอกหัวข้อ");
        await Expect(summary).ToContainTextAsync("โปรดกรอกข้อความ");
        await Expect(summary).ToBeFocusedAsync();
        var title = staff.GetByLabel("หัวข้อ");
        await Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(title).ToHaveAttributeAsync("aria-describedby", "error-title");
        await Expect(staff.Locator("#error-title")).ToContainTextAsync("โปรดกรอกหัวข้อ");
        // The summary's link takes focus to the field at fault.
        await summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("โปรดกรอกข้อความ") }).ClickAsync();
        await Expect(staff.GetByLabel(new Regex("^ข้อความ"))).ToBeFocusedAsync();

        // A meeting is named with its programme, as the other meeting lists do.
        await staff.GetByLabel("ผู้ลงทะเบียนการประชุมครั้งหนึ่ง").CheckAsync();
        await Expect(staff.Locator($"#a-session option[value='{scenario.SessionId}']")).ToContainTextAsync(scenario.ProgrammeTitle);
    }

    [Fact]
    public async Task Staff_announce_to_one_communitys_office_holders_and_see_how_many_were_reached_on_which_channel()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 16);
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-announcer", "เจ้าหน้าที่ประชาสัมพันธ์");
        await Browser.OpenAsync(staff, "/staff/announcements");
        await staff.GetByLabel("คณะกรรมการของชุมชนหนึ่ง").CheckAsync();
        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByLabel("หัวข้อ").FillAsync("ประชุมประจำเดือน (ทดสอบ)");
        await staff.GetByLabel(new Regex("^ข้อความ")).FillAsync("เชิญประชุมวันศุกร์นี้ เวลา 13:30 น.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "ส่งประกาศ" }).ClickAsync();
        await Expect(staff.GetByTestId("announced")).ToContainTextAsync("ส่งถึง");
        var row = staff.GetByTestId("announcements").Locator("tbody tr").Filter(new() { HasText = "ประชุมประจำเดือน (ทดสอบ)" });
        await Expect(row).ToContainTextAsync("กล่องข้อความ");
        await Browser.ScreenshotAsync(staff, "staff-announcements");

        var inbox = await Eventually.GetAsync(async () =>
        {
            var entries = await system.CallAsync(HttpMethod.Get, "/api/notifications/inbox", scenario.LeaderToken);
            return entries.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("title").GetString()!.Contains("ประชุมประจำเดือน (ทดสอบ)")) ? (bool?)true : null;
        }, TimeSpan.FromSeconds(60), "the leader's inbox entry");
        Assert.True(inbox);
    }
}
