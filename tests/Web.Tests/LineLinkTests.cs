using Microsoft.Playwright;
using Municipal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// LINE is the channel Thai people use: a resident links their LINE account from the contact preferences page, with a
/// code they send in the municipality's LINE chat, and then chooses LINE, without asking the registry's staff.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LineLinkTests(WebSystem system)
{
    [Fact]
    public async Task A_resident_gets_a_code_sends_it_on_line_and_then_chooses_line_on_the_preferences_page()
    {
        var page = await system.NewPageAsync(phone: true);
        await Browser.SignInAsync(page, "resident", $"line-link-{Guid.NewGuid():N}"[..26], "นางสาวไลน์ ทดสอบ");
        await Browser.OpenAsync(page, "/preferences");

        var panel = page.GetByTestId("line-link");
        await panel.GetByRole(AriaRole.Button, new() { Name = "รับรหัสเชื่อม LINE" }).ClickAsync();
        var code = (await panel.GetByTestId("line-code").InnerTextAsync()).Trim();
        Assert.Matches("^[2-9A-Z]{8}$", code);
        await Expect(panel).ToContainTextAsync("ส่งรหัสนี้เป็นข้อความในแชต LINE ของเทศบาล");
        Assert.Empty(await Browser.LatinWordsAsync(page, LanguageTests.AllowedWords));

        // The resident sends the code in the LINE chat; LINE calls the webhook, and the chat says it is linked.
        var user = FakeLinePlatform.NewUserId();
        using (var sent = await system.Line.SendAsync(system.Api, "/api/notifications/line/webhook", system.Line.Text(user, code)))
        {
            Assert.True(sent.IsSuccessStatusCode, $"the webhook answered {(int)sent.StatusCode}");
        }

        await system.Line.NextAsync(user, m => m.Text.Contains("เชื่อมต่อกับระบบแจ้งเตือนของเทศบาลแล้ว"), patience: TimeSpan.FromSeconds(90),
            what: "the 'linked' message on LINE");

        await panel.GetByRole(AriaRole.Button, new() { Name = "ส่งรหัสแล้ว ตรวจสอบอีกครั้ง" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await page.GetByLabel("ช่องทางที่ต้องการ").SelectOptionAsync("line");
        await page.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "บันทึกแล้ว" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("problem")).ToHaveCountAsync(0); // no "line-not-linked": the choice was taken
    }
}
