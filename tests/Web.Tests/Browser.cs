using Microsoft.Playwright;
using System.Text.RegularExpressions;

namespace Municipal.Web.Tests;

/// <summary>What the tests do in the browser, as a person would: by labels, roles and visible text.</summary>
internal static class Browser
{
    /// <summary>The development sign-in page: a role, a subject and (for a leader) the community.</summary>
    public static async Task SignInAsync(IPage page, string role, string subject, string name, Guid? community = null)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("บทบาท").SelectOptionAsync(role);
        await page.GetByLabel("รหัสผู้ใช้ (sub)").FillAsync(subject);
        await page.GetByLabel("ชื่อที่แสดง").FillAsync(name);
        if (community is { } id)
        {
            await page.GetByLabel("ชุมชน (สำหรับผู้นำชุมชน)").SelectOptionAsync(id.ToString());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "เข้าสู่ระบบ", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        // Interactive once the circuit is up: the header's sign-out button comes from the layout either way, so wait for the circuit.
        await WaitForCircuitAsync(page);
    }

    /// <summary>Blazor's circuit is connected: clicks reach the server from here on.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('html') !== null && window.__municipalReady === true",
            null, new() { Timeout = 30_000 });

    /// <summary>Opens a page of the web client and waits until it is interactive.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
    }

    /// <summary>
    /// Chooses a file in a Blazor <c>InputFile</c> once the component has wired it up (its script marks the element),
    /// so the choice reaches the server: a file set before that is lost, as it would be for a very fast person.
    /// </summary>
    public static async Task ChooseFileAsync(ILocator input, FilePayload file)
    {
        await input.Page.WaitForFunctionAsync("el => el._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync());
        await input.SetInputFilesAsync(file);
    }

    /// <summary>Whether an image was served and decoded (a broken image has no natural width).</summary>
    public static Task<bool> LoadedAsync(ILocator image) =>
        image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");

    /// <summary>Saves a screenshot of the page for docs/ when MUNICIPAL_SCREENSHOTS names a folder.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("MUNICIPAL_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        // A phone's screen as the person sees it; a desktop page whole.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = (page.ViewportSize?.Width ?? 1280) > 500 });
    }
}
