using Microsoft.Playwright;
using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// What leaders on a phone and staff at a desk see, point by point of the issue "What people see is right": status
/// moves as the API allows them, the leader's verdict in plain words, who filed a request, due dates on the board,
/// meetings by programme, marking the inbox read, medians in minutes, sessions held, B.E. dates, the keyboard.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WhatPeopleSeeTests(WebSystem system)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Staff_are_offered_only_the_moves_allowed_and_the_leader_closes_a_resolved_request_with_a_plain_button()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 13);
        var (id, _) = await scenario.SubmitRequestAsync(system, "ไฟส่องสว่างดับหน้าบ้านเลขที่ 9", LeaderAndStaffFlowTests.Photo);
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-moves", "เจ้าหน้าที่สถานะ");
        await Browser.OpenAsync(staff, $"/requests/{id}");
        var moves = staff.GetByLabel("เปลี่ยนสถานะเป็น").Locator("option");
        await Expect(moves).ToHaveCountAsync(4); // "— เลือก —" and the three moves
        var offered = await moves.EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        Assert.Equal(["triaged", "rejected", "duplicate"], offered);
        // Who filed it from the web, with the phone to call back (from the registry, not the login id).
        await Expect(staff.GetByTestId("submitter")).ToContainTextAsync(scenario.LeaderName);
        await Expect(staff.GetByTestId("submitter")).ToContainTextAsync(new Regex("0[0-9]{2}-[0-9]{3}-[0-9]{4}"));

        await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to = "triaged" });
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to = "resolved", note = "เปลี่ยนหลอดไฟแล้ว" });

        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, $"/requests/{id}");
        var verdict = leader.GetByTestId("verdict");
        await Expect(verdict.GetByRole(AriaRole.Button, new() { Name = "ยังไม่เรียบร้อย ขอให้ดำเนินการต่อ" })).ToBeVisibleAsync();
        await Expect(verdict).Not.ToContainTextAsync("จำเป็นเมื่อไม่รับเรื่อง");
        await Expect(leader.GetByLabel("เปลี่ยนสถานะเป็น")).ToHaveCountAsync(0);
        await verdict.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(leader, "request-verdict-phone");
        await verdict.GetByRole(AriaRole.Button, new() { Name = "เรียบร้อยแล้ว ปิดเรื่อง" }).ClickAsync();
        await Expect(leader.Locator("p .status").First).ToHaveTextAsync("ปิดเรื่อง");
    }

    [Fact]
    public async Task The_board_shows_when_each_request_is_due_and_my_requests_link_the_title()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 14);
        var (id, number) = await scenario.SubmitRequestAsync(system, "ท่อประปาแตกริมถนน", LeaderAndStaffFlowTests.Photo);
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-due", "เจ้าหน้าที่กำหนด");
        await Browser.OpenAsync(staff, "/staff/requests");
        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        var row = staff.Locator($"tr[data-request='{number}']");
        await Expect(row.GetByTestId("due")).ToContainTextAsync("ตอบรับครั้งแรก");
        await Expect(row.GetByTestId("due")).ToContainTextAsync(new Regex("[0-9]{4} [0-9]{2}:[0-9]{2} น\\."));

        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, "/requests/mine");
        await leader.Locator($"tr[data-request='{number}']").GetByRole(AriaRole.Link, new() { Name = "ท่อประปาแตกริมถนน" }).ClickAsync();
        await leader.WaitForURLAsync(new Regex($"/requests/{id}$"));
    }

    [Fact]
    public async Task Meetings_are_listed_under_their_programme_and_the_inbox_is_marked_read_at_once()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 15);
        await scenario.RegisterAsync(system);
        await scenario.SubmitRequestAsync(system, "ขยะตกค้างหลังตลาด", LeaderAndStaffFlowTests.Photo);
        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);

        await Browser.OpenAsync(leader, "/meetings");
        var programme = leader.Locator($"[data-testid='programme'][data-programme='{scenario.ProgrammeId}']");
        await Expect(programme.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToHaveTextAsync(scenario.ProgrammeTitle);
        await Expect(programme.Locator($"[data-session='{scenario.SessionId}']")).ToContainTextAsync(scenario.SessionTitle);

        await Browser.OpenAsync(leader, "/inbox");
        await Expect(leader.Locator("[data-testid='inbox'] li.unread")).Not.ToHaveCountAsync(0, new() { Timeout = 90_000 });
        await leader.GetByTestId("mark-all-read").ClickAsync();
        await Expect(leader.Locator("[data-testid='inbox'] li.unread")).ToHaveCountAsync(0);
        await Expect(leader.GetByTestId("inbox-summary")).ToContainTextAsync("ยังไม่ได้อ่าน 0 รายการ");
        await Expect(leader.GetByTestId("unread-count")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Statistics_say_an_answer_within_minutes_in_minutes_and_a_programme_counts_only_the_sessions_held()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 16);
        var (id, _) = await scenario.SubmitRequestAsync(system, "ต้นไม้ล้มขวางทาง", LeaderAndStaffFlowTests.Photo);
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to = "triaged" });

        // A session of the scenario's programme that began an hour ago: one held, the scenario's own still to come.
        var venue = await system.CallAsync(HttpMethod.Post, "/api/scheduling/venues", Scenario.StaffToken, new { name = $"ห้องย้อนหลัง {Guid.NewGuid():N}", capacity = 10 });
        var began = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).AddHours(-1);
        await system.CallAsync(HttpMethod.Post, "/api/scheduling/sessions", Scenario.StaffToken, new
        {
            programmeId = scenario.ProgrammeId, title = "ประชุมที่จัดไปแล้ว",
            startsAt = began.ToString("yyyy-MM-dd'T'HH:mm", Invariant), endsAt = began.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", Invariant),
            venueId = venue.GetProperty("id").GetGuid(), capacity = 10,
        });

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "executive", "web-tests-minutes", "ผู้บริหารนาที");
        await Browser.OpenAsync(staff, "/staff/statistics");
        var row = staff.GetByTestId("stats-community").Locator($"tr[data-key='{scenario.CommunityId}']");
        // Answered within a minute or two: said in minutes, never "0 ชั่วโมง".
        await Expect(row.Locator("td.num").Nth(1)).ToHaveTextAsync(new Regex("^[0-9]+ นาที$"));

        await Browser.OpenAsync(staff, $"/staff/meetings/{scenario.ProgrammeId}");
        await Expect(staff.GetByTestId("attendance-summary")).ToContainTextAsync("จัดแล้ว 1 ครั้ง");
    }

    [Fact]
    public async Task A_date_is_typed_in_the_Buddhist_Era_and_a_Common_Era_year_is_refused_in_Thai()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 17);
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-dates", "เจ้าหน้าที่วันที่");
        await Browser.OpenAsync(staff, $"/staff/registry/communities/{scenario.CommunityId}");
        var start = staff.GetByLabel("วันเริ่มวาระ");
        await start.FillAsync("19/11/2562");
        await Expect(staff.Locator("#a-start-read")).ToHaveTextAsync("วันอังคารที่ 19 พฤศจิกายน 2562");
        await start.FillAsync("19/11/2019");
        await staff.GetByLabel("ตำแหน่ง", new() { Exact = true }).SelectOptionAsync("treasurer");
        await staff.GetByRole(AriaRole.Button, new() { Name = "แต่งตั้ง" }).ClickAsync();
        var summary = staff.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("ปี 2019 เป็นปี ค.ศ. โปรดกรอกปี พ.ศ. (2562)");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(start).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(staff, "staff-assign-office-be-date");
        // The summary's link takes focus to the field at fault.
        await summary.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("วันเริ่มวาระ") }).ClickAsync();
        await Expect(start).ToBeFocusedAsync();
    }

    [Fact]
    public async Task On_a_phone_Escape_closes_the_menu_and_after_navigation_the_first_Tab_reaches_the_skip_link()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 18);
        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        // Nothing of the page sits focused at load (no ring on the heading).
        await Expect(leader.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToBeFocusedAsync();

        var menu = leader.GetByRole(AriaRole.Button, new() { Name = "เมนู" });
        await menu.ClickAsync();
        await Expect(leader.Locator("#main-nav")).ToBeVisibleAsync();
        await leader.Keyboard.PressAsync("Escape");
        await Expect(leader.Locator("#main-nav")).ToBeHiddenAsync();
        await Expect(menu).ToBeFocusedAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");

        await menu.ClickAsync();
        await leader.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "การประชุม" }).ClickAsync();
        await Expect(leader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("การประชุมผู้นำชุมชน");
        // Focus goes to the page's start once the new page has rendered (a round trip after its heading shows): only then
        // is the next Tab the one that must reach the skip link.
        await Expect(leader.Locator("#page-top")).ToBeFocusedAsync();
        await leader.Keyboard.PressAsync("Tab");
        await Expect(leader.GetByRole(AriaRole.Link, new() { Name = "ข้ามไปยังเนื้อหา" })).ToBeFocusedAsync();
    }
}
