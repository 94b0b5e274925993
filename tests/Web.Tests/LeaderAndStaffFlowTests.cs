using Microsoft.Playwright;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// The scenario in a real browser, through the gateway, one test per step: a leader submits a request
/// with a photo and sees it; staff triage it; the leader registers for a session and sees the QR code; staff
/// check them in; the leader's inbox shows the notifications, live. Each test makes what it starts from through
/// the API (as the step before it would have), so each can fail on its own.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LeaderAndStaffFlowTests(WebSystem system)
{
    /// <summary>A real PNG (320×200, a drawn drain grate and a puddle): the API recognises photos by their first bytes.</summary>
    internal static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Assets", "drain.png"));

    private const string Loaded = "img => img.complete && img.naturalWidth > 0";

    /// <summary>The unread count in the inbox's summary and in the header's badge equals the unread entries listed.</summary>
    private const string CountMatchesList = """
        () => {
            const summary = document.querySelector("[data-testid='inbox-summary']").textContent;
            const unread = document.querySelectorAll("[data-testid='inbox'] li.unread").length;
            const badge = document.querySelector("[data-testid='unread-count']")?.textContent.trim() ?? "0";
            return summary.includes(`ยังไม่ได้อ่าน ${unread} รายการ`) && badge === `${unread}`;
        }
        """;

    [Fact]
    public async Task A_leader_on_a_phone_submits_a_request_with_a_photo_and_sees_it_in_my_requests()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 3);
        var leader = await system.NewPageAsync(phone: true);

        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.ScreenshotAsync(leader, "leader-home-phone");
        await leader.GetByRole(AriaRole.Button, new() { Name = "เมนู" }).ClickAsync();
        await leader.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "แจ้งปัญหา/ความต้องการ", Exact = true }).ClickAsync();
        await Expect(leader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("แจ้งปัญหาหรือความต้องการของชุมชน");
        await leader.GetByLabel("เรื่องเกี่ยวกับ").SelectOptionAsync("drainage");
        await leader.GetByLabel("หัวเรื่อง").FillAsync("ท่อระบายน้ำอุดตันหน้าตลาด");
        await leader.GetByLabel("รายละเอียด").FillAsync("น้ำท่วมขังทุกครั้งที่ฝนตก ส่งกลิ่นเหม็น");
        await leader.GetByRole(AriaRole.Button, new() { Name = "ใช้ตำแหน่งปัจจุบันของโทรศัพท์" }).ClickAsync();
        await Expect(leader.GetByTestId("location")).ToContainTextAsync("16.481");
        await Browser.ChooseFileAsync(leader.GetByLabel(new Regex("^รูปถ่าย")), new FilePayload { Name = "drain.png", MimeType = "image/png", Buffer = Photo });
        await Expect(leader.GetByTestId("photo-preview")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(leader, "submit-request-phone");
        await leader.GetByRole(AriaRole.Button, new() { Name = "ส่งคำร้อง" }).ClickAsync();

        // The answer: received, in the state "submitted", the photo served back through the gateway.
        await Expect(leader.GetByTestId("submitted")).ToContainTextAsync("ได้รับคำร้องของท่านแล้ว");
        await Expect(leader.GetByTestId("request-title")).ToHaveTextAsync("ท่อระบายน้ำอุดตันหน้าตลาด");
        await Expect(leader.Locator(".status").First).ToHaveTextAsync("รับเรื่องแล้ว");
        var photo = leader.GetByTestId("photos").Locator("img");
        await Expect(photo).ToHaveCountAsync(1);
        await leader.WaitForFunctionAsync(Loaded, await photo.ElementHandleAsync());
        var number = await leader.GetByTestId("request-number").InnerTextAsync();
        Assert.Matches("^R25[0-9]{2}-[0-9A-F]{8}$", number);

        // It is in "my requests", and opens with its history.
        await Browser.OpenAsync(leader, "/requests/mine");
        var row = leader.Locator($"tr[data-request='{number}']");
        await Expect(row).ToContainTextAsync("ท่อระบายน้ำอุดตันหน้าตลาด");
        await Expect(row).ToContainTextAsync("รับเรื่องแล้ว");
        await Browser.ScreenshotAsync(leader, "my-requests-phone");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(leader.GetByTestId("history").Locator("li")).ToHaveCountAsync(1);
        await Expect(leader.GetByTestId("history").Locator("li [data-status]")).ToHaveCountAsync(1); // the state once, not twice
    }

    [Fact]
    public async Task Staff_find_a_request_on_the_board_see_its_photo_and_triage_it_to_a_division()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 4);
        var (_, number) = await scenario.SubmitRequestAsync(system, "ถนนเป็นหลุมหน้าวัด", LeaderAndStaffFlowTests.Photo);
        var staff = await system.NewPageAsync();

        await Browser.SignInAsync(staff, "staff", "web-tests-staff", "เจ้าหน้าที่ทดสอบ");
        await Browser.OpenAsync(staff, "/staff/requests");
        await staff.GetByLabel("สถานะ").SelectOptionAsync("submitted");
        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        var row = staff.Locator($"tr[data-request='{number}']");
        await Expect(row).ToContainTextAsync("ถนนเป็นหลุมหน้าวัด");
        // The list the search answered (not the one shown before it): only submitted requests.
        await staff.WaitForFunctionAsync("() => [...document.querySelectorAll(\"[data-testid='request-list'] tbody [data-status]\")].every(s => s.dataset.status === 'submitted')");
        await Browser.ScreenshotAsync(staff, "staff-requests-board");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(staff.GetByTestId("request-title")).ToHaveTextAsync("ถนนเป็นหลุมหน้าวัด");
        await staff.WaitForFunctionAsync(Loaded, await staff.GetByTestId("photos").Locator("img").ElementHandleAsync());
        await staff.GetByLabel("เปลี่ยนสถานะเป็น").SelectOptionAsync("triaged");
        await staff.GetByLabel(new Regex("^หมายเหตุ")).FillAsync("ส่งกองช่างตรวจสอบ");
        await Browser.ScreenshotAsync(staff, "staff-request-detail");
        await staff.GetByTestId("workflow").GetByRole(AriaRole.Button, new() { Name = "บันทึก" }).ClickAsync();

        await Expect(staff.Locator("p .status").First).ToHaveTextAsync("ส่งต่อหน่วยงานแล้ว");
        await Expect(staff.GetByTestId("history").Locator("li")).ToHaveCountAsync(2);
        await Expect(staff.GetByTestId("history")).ToContainTextAsync("ส่งกองช่างตรวจสอบ");

        // The board agrees: it is no longer among the submitted ones, and is among the triaged.
        await Browser.OpenAsync(staff, "/staff/requests");
        await staff.GetByLabel("สถานะ").SelectOptionAsync("triaged");
        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff.Locator($"tr[data-request='{number}']")).ToContainTextAsync("ส่งต่อหน่วยงานแล้ว");
    }

    [Fact]
    public async Task A_leader_registers_for_a_session_and_sees_the_check_in_QR_code_and_code()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 5);
        var leader = await system.NewPageAsync(phone: true);

        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        // On the way: their community's page names it and lists the leader among its office holders.
        await Browser.OpenAsync(leader, "/community");
        await Expect(leader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(scenario.CommunityName);
        await Expect(leader.GetByTestId("office-holders")).ToContainTextAsync(scenario.LeaderName.Split(" ")[1]);
        await Browser.ScreenshotAsync(leader, "my-community-phone");

        await Browser.OpenAsync(leader, "/meetings");
        await Expect(leader.GetByTestId("no-registrations")).ToBeVisibleAsync();
        var session = leader.Locator($"[data-session='{scenario.SessionId}']");
        await Expect(session).ToContainTextAsync(scenario.SessionTitle);
        await session.GetByRole(AriaRole.Button, new() { Name = "ลงทะเบียน" }).ClickAsync();

        var registration = leader.GetByTestId("registration");
        await Expect(registration).ToHaveCountAsync(1);
        await Expect(registration).ToContainTextAsync(scenario.SessionTitle);
        var qr = registration.GetByTestId("qr");
        await leader.WaitForFunctionAsync(Loaded, await qr.ElementHandleAsync());
        var code = await registration.GetByTestId("registration-code").InnerTextAsync();
        Assert.Matches("^[A-Z2-9]{8}$", code);
        await Expect(qr).ToHaveAttributeAsync("alt", new Regex(code));
        await Browser.ScreenshotAsync(leader, "meetings-qr-phone");

        // The same registration after a reload: it was kept, not only shown.
        await Browser.OpenAsync(leader, "/meetings");
        await Expect(leader.Locator($"[data-testid='registration'][data-code='{code}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Staff_check_a_registered_leader_in_by_typing_the_code_and_the_leader_sees_it()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 6);
        var code = await scenario.RegisterAsync(system);
        var staff = await system.NewPageAsync();
        var leader = await system.NewPageAsync(phone: true);

        await Browser.SignInAsync(staff, "staff", "web-tests-staff", "เจ้าหน้าที่ทดสอบ");
        await Browser.OpenAsync(staff, $"/staff/sessions/{scenario.SessionId}");
        await Expect(staff.Locator($"tr[data-code='{code}']")).ToContainTextAsync("–");
        // Typed the way people type it at a desk: lower case, with a dash.
        await staff.GetByLabel("รหัสเข้างาน 8 ตัวอักษร").FillAsync(code.ToLowerInvariant()[..4] + "-" + code[4..]);
        await staff.GetByTestId("check-in").GetByRole(AriaRole.Button, new() { Name = "ลงชื่อ", Exact = true }).ClickAsync();
        // The desk reads back whom it checked in, and from which community (not a bare code).
        await Expect(staff.GetByTestId("checked-in")).ToContainTextAsync("ลงชื่อเข้างานแล้ว");
        await Expect(staff.GetByTestId("checked-in-name")).ToContainTextAsync(scenario.LeaderName);
        await Expect(staff.GetByTestId("checked-in-name")).ToContainTextAsync(scenario.CommunityName);
        await Expect(staff.Locator($"tr[data-code='{code}'] [data-testid='registrant-community']")).ToHaveTextAsync(scenario.CommunityName);
        await Expect(staff.Locator($"tr[data-code='{code}'] td").Last).Not.ToHaveTextAsync("–");
        await Browser.ScreenshotAsync(staff, "staff-session-check-in");

        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, "/meetings");
        await Expect(leader.Locator($"[data-testid='registration'][data-code='{code}']").GetByTestId("checked-in")).ToContainTextAsync("ลงชื่อเข้างานแล้ว");
    }

    [Fact]
    public async Task The_leaders_inbox_shows_the_notifications_of_their_request_and_registration_live_and_marks_one_read()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 7);
        var leader = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(leader, "community-leader", scenario.LeaderSubject, scenario.LeaderName, scenario.CommunityId);
        await leader.GetByRole(AriaRole.Button, new() { Name = "เมนู" }).ClickAsync();
        await leader.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "กล่องข้อความ" }).ClickAsync();
        var inbox = leader.GetByTestId("inbox");
        await Expect(leader.GetByTestId("inbox-summary")).ToContainTextAsync("อัปเดตอัตโนมัติ");

        // With the inbox open (no reload from here on): a request filed, triaged, and a registration.
        var (id, number) = await scenario.SubmitRequestAsync(system, "ไฟกิ่งดับทั้งซอย", LeaderAndStaffFlowTests.Photo);
        await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to = "triaged", note = "ส่งกองช่างไฟฟ้า" });
        var code = await scenario.RegisterAsync(system);

        var patience = new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 };
        await Expect(inbox.Locator("li[data-kind='request-submitted']")).ToBeVisibleAsync(patience);
        await Expect(inbox.Locator("li[data-kind='request-status-changed']")).ToBeVisibleAsync(patience);
        await Expect(inbox.Locator("li[data-kind='registration-confirmed']")).ToBeVisibleAsync(patience);
        await Expect(inbox.Locator("li[data-kind='request-submitted']")).ToContainTextAsync(number);
        await Expect(inbox.Locator("li[data-kind='registration-confirmed']")).ToContainTextAsync(code);
        await Expect(leader.GetByTestId("unread-count")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        await Browser.ScreenshotAsync(leader, "inbox-phone");

        // Marking one read: it is shown read, and the count (live from the stream and the API) agrees with the list
        // again. Other notices may still be arriving, so the count is compared with the list, not with a number.
        var receipt = inbox.Locator("li[data-kind='request-submitted']");
        await receipt.GetByRole(AriaRole.Button, new() { Name = "ทำเครื่องหมายว่าอ่านแล้ว" }).ClickAsync();
        await Expect(receipt).Not.ToHaveClassAsync(new Regex("unread"));
        await Expect(receipt.GetByRole(AriaRole.Button, new() { Name = "ทำเครื่องหมายว่าอ่านแล้ว" })).ToHaveCountAsync(0);
        await leader.WaitForFunctionAsync(CountMatchesList, null, new() { Timeout = 30_000 });
    }
}
