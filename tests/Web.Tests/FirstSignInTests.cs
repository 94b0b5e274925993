using Microsoft.Playwright;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// A leader whose person is in the registry registers for a meeting the first time they sign in, on a phone, with no
/// clerk: the refusal appears where they tapped, in Thai, and offers to confirm who they are with a code sent to the
/// phone the registry holds; once confirmed, the registration they asked for is made. The same holds for the calendar
/// link, the other thing the meetings page refuses an unlinked account.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class FirstSignInTests(WebSystem system)
{
    [GeneratedRegex("รหัสยืนยันตัวตน ([0-9]{6})")]
    private static partial Regex CodeInSms();

    [Fact]
    public async Task A_leader_links_their_account_with_a_code_sent_to_their_phone_and_is_registered_at_first_sign_in()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 10, linked: false);
        var leader = await system.NewPageAsync(phone: true);
        var account = $"first-sign-in-{Guid.NewGuid():N}"[..28];
        await Browser.SignInAsync(leader, "community-leader", account, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, "/meetings");

        var session = leader.Locator($"[data-session='{scenario.SessionId}']");
        await session.GetByRole(AriaRole.Button, new() { Name = "ลงทะเบียน" }).ClickAsync();

        // The refusal is next to the button, in Thai, in view on the phone's screen, and has focus (a screen reader says it).
        var refusal = session.GetByTestId("problem");
        await Expect(refusal).ToHaveAttributeAsync("data-kind", "not-linked-to-registry");
        await Expect(refusal).ToContainTextAsync("บัญชีของท่านยังไม่ได้เชื่อมกับข้อมูลในทะเบียนชุมชน");
        await Expect(refusal).ToBeFocusedAsync();
        Assert.True(await Browser.InViewAsync(refusal), "the refusal is on the phone's screen");
        Assert.Empty(await Browser.LatinWordsAsync(leader, LanguageTests.AllowedWords));

        var claim = session.GetByTestId("claim-account");
        await claim.GetByLabel("หมายเลขโทรศัพท์มือถือ").FillAsync(scenario.LeaderPhone![..3] + "-" + scenario.LeaderPhone[3..6] + "-" + scenario.LeaderPhone[6..]);
        await claim.GetByRole(AriaRole.Button, new() { Name = "ส่งรหัส" }).ClickAsync();
        await Expect(claim).ToContainTextAsync("ท่านจะได้รับรหัส 6 หลัก");
        await Browser.ScreenshotAsync(leader, "meetings-claim-phone");

        // What the phone received (the development SMS adapter writes each text message as a JSON line).
        var code = await CodeSentToAsync("+66" + scenario.LeaderPhone[1..]);
        await claim.GetByLabel("รหัสที่ได้รับ").FillAsync(code);
        await claim.GetByRole(AriaRole.Button, new() { Name = "ยืนยัน" }).ClickAsync();

        // Linked, and registered for the session they tapped: the QR code and the code are there.
        var registration = leader.GetByTestId("registration");
        await Expect(registration).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Expect(registration).ToContainTextAsync(scenario.SessionTitle);
        await Expect(leader.GetByTestId("meetings-message")).ToContainTextAsync("ลงทะเบียนแล้ว");
        await leader.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await registration.GetByTestId("qr").ElementHandleAsync());
    }

    [Fact]
    public async Task A_leader_not_yet_linked_who_asks_for_a_calendar_link_links_their_account_right_there_and_gets_the_link()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 11, linked: false);
        var leader = await system.NewPageAsync(phone: true);
        var account = $"first-feed-{Guid.NewGuid():N}"[..28];
        await Browser.SignInAsync(leader, "community-leader", account, scenario.LeaderName, scenario.CommunityId);
        await Browser.OpenAsync(leader, "/meetings");

        var feed = leader.GetByTestId("feed");
        await feed.GetByRole(AriaRole.Button, new() { Name = "สร้างลิงก์ปฏิทิน" }).ClickAsync();

        // The refusal says the account can be confirmed below: the form is there, under the calendar link's alert.
        var refusal = feed.GetByTestId("problem");
        await Expect(refusal).ToHaveAttributeAsync("data-kind", "not-linked-to-registry");
        await Expect(refusal).ToContainTextAsync("ได้ด้านล่าง");
        await Expect(refusal).ToBeFocusedAsync();
        var claim = feed.GetByTestId("claim-account");
        await Expect(claim).ToBeVisibleAsync();
        Assert.Empty(await Browser.LatinWordsAsync(leader, LanguageTests.AllowedWords));

        await claim.GetByLabel("หมายเลขโทรศัพท์มือถือ").FillAsync(scenario.LeaderPhone![..3] + "-" + scenario.LeaderPhone[3..6] + "-" + scenario.LeaderPhone[6..]);
        await claim.GetByRole(AriaRole.Button, new() { Name = "ส่งรหัส" }).ClickAsync();
        await Expect(claim).ToContainTextAsync("ท่านจะได้รับรหัส 6 หลัก");
        var code = await CodeSentToAsync("+66" + scenario.LeaderPhone[1..]);
        await claim.GetByLabel("รหัสที่ได้รับ").FillAsync(code);
        await claim.GetByRole(AriaRole.Button, new() { Name = "ยืนยัน" }).ClickAsync();

        // Linked, and the link they asked for is made: no refusal, no claim form left.
        await Expect(feed.GetByTestId("feed-url")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(feed.GetByTestId("problem")).ToHaveCountAsync(0);
        await Expect(feed.GetByTestId("claim-account")).ToHaveCountAsync(0);
    }

    private async Task<string> CodeSentToAsync(string e164)
    {
        string? code = null;
        await Municipal.Testing.Eventually.TrueAsync(async () =>
        {
            if (!File.Exists(system.SmsFile))
            {
                return false;
            }

            foreach (var line in await File.ReadAllLinesAsync(system.SmsFile))
            {
                var message = JsonDocument.Parse(line).RootElement;
                if (message.GetProperty("to").GetString() == e164 && CodeInSms().Match(message.GetProperty("text").GetString()!) is { Success: true } found)
                {
                    code = found.Groups[1].Value;
                }
            }

            return code is not null;
        }, TimeSpan.FromSeconds(90), "the code's text message");
        return code!;
    }
}
