using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// Accessibility basics on the main pages, in the browser: every form control has a name a screen reader reads
/// (a label, or aria-label/labelledby), the page says it is Thai, it has one main heading, and the keyboard's
/// first stop is the "skip to content" link, which takes focus to the content.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebSystem system)
{
    /// <summary>The controls without an accessible name, described for the failure message.</summary>
    private const string Unlabelled = """
        () => [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
            .filter(el => el.labels.length === 0 && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
            .map(el => el.outerHTML.slice(0, 120))
        """;

    private static readonly string[] Pages =
    [
        "/staff/requests", "/staff/plan", "/staff/plan/new", "/staff/meetings", "/staff/registry", "/staff/registry/people",
        "/staff/registry/import", "/staff/statistics", "/requests/new", "/meetings", "/inbox", "/preferences",
        "/map", "/stats", "/staff/announcements",
    ];

    [Fact]
    public async Task Every_control_of_the_main_pages_is_labelled_and_each_page_is_Thai_with_one_main_heading()
    {
        var page = await system.NewPageAsync();
        await Browser.SignInAsync(page, "admin", "web-tests-a11y", "ผู้ดูแลทดสอบ");
        var findings = new List<string>();
        foreach (var path in Pages)
        {
            await Browser.OpenAsync(page, path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
            await Expect(page.Locator(".loading")).ToHaveCountAsync(0);
            Assert.Equal("th", await page.Locator("html").GetAttributeAsync("lang"));
            findings.AddRange((await page.EvaluateAsync<string[]>(Unlabelled)).Select(control => $"{path}: {control}"));
        }

        Assert.Empty(findings);
    }

    [Fact]
    public async Task The_first_tab_stop_is_the_skip_link_and_it_moves_focus_to_the_content()
    {
        var page = await system.NewPageAsync();
        await Browser.SignInAsync(page, "staff", "web-tests-keyboard", "เจ้าหน้าที่คีย์บอร์ด");
        await Browser.OpenAsync(page, "/staff/requests");
        // The first element in tab order (document order, nothing with a positive tabindex) is the skip link.
        var first = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
                .find(el => el.tabIndex >= 0 && !el.disabled)?.textContent.trim()
            """);
        Assert.Equal("ข้ามไปยังเนื้อหา", first);
        Assert.Empty(await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('[tabindex]')].map(el => el.tabIndex).filter(t => t > 0)"));
        await page.GetByRole(AriaRole.Link, new() { Name = "ข้ามไปยังเนื้อหา" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#content")).ToBeFocusedAsync();
    }
}
