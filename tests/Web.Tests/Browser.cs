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
        var english = English(page);
        await page.GetByLabel(english ? "Role" : "บทบาท").SelectOptionAsync(role);
        await page.GetByLabel(English(page) ? "Account id" : "รหัสบัญชีผู้ใช้").FillAsync(subject);
        await page.GetByLabel(english ? "Display name" : "ชื่อที่แสดง").FillAsync(name);
        if (community is { } id)
        {
            await page.GetByLabel(english ? "Community (for a community leader)" : "ชุมชน (สำหรับผู้นำชุมชน)").SelectOptionAsync(id.ToString());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = english ? "Sign in" : "เข้าสู่ระบบ", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        // Interactive once the circuit is up: the header's sign-out button comes from the layout either way, so wait for the circuit.
        await WaitForCircuitAsync(page);
    }

    /// <summary>Pages opened in English (the language cookie set when the browser context was made).</summary>
    public static bool English(IPage page) => WebSystem.EnglishContexts.Contains(page.Context);

    /// <summary>Whether an element is inside the window as the person sees it now (not above or below the screen).</summary>
    public static Task<bool> InViewAsync(ILocator element) => element.EvaluateAsync<bool>("""
        el => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < window.innerHeight; }
        """);

    /// <summary>
    /// The Latin words a Thai reader would meet on the page: visible text and the labels screen readers say (aria-label,
    /// placeholder, title, alt, the options of visible lists), outside what is marked as a code or English on purpose
    /// (<c>translate="no"</c>, <c>lang="en"</c>, <c>code</c>). A word with a digit is a code (R2570-…, KPP-01, UTF-8).
    /// </summary>
    public static Task<string[]> LatinWordsAsync(IPage page, IEnumerable<string> allowed) => page.EvaluateAsync<string[]>("""
        allowed => {
            const allow = new Set(allowed);
            const skip = 'script,style,noscript,template,code,[translate="no"],[lang="en"],#blazor-error-ui,#components-reconnect-modal';
            const found = [];
            const check = (text, where) => {
                for (const token of text.split(/[^A-Za-z0-9฀-๿@_-]+/)) {
                    // A check-in code (8 of 23456789ABC…, sometimes without a digit) is a code, not a word.
                    if (/^[A-Za-z]{2,}$/.test(token) && !allow.has(token) && !/^[A-Z2-9]{8}$/.test(token)) {
                        found.push(`"${token}" in ${where}: ${text.trim().replace(/\s+/g, " ").slice(0, 90)}`);
                    }
                }
            };
            const visible = el => {
                if (el.tagName === "OPTION") {
                    const list = el.closest("select");
                    return list !== null && list.getClientRects().length > 0;
                }
                const style = getComputedStyle(el);
                return el.getClientRects().length > 0 && style.visibility !== "hidden";
            };
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const el = walker.currentNode.parentElement;
                if (el && !el.closest(skip) && visible(el)) {
                    check(walker.currentNode.textContent, el.tagName.toLowerCase());
                }
            }
            for (const el of document.querySelectorAll("[aria-label],[placeholder],[title],img[alt]")) {
                if (el.closest(skip) || !visible(el)) continue;
                for (const name of ["aria-label", "placeholder", "title", "alt"]) {
                    if (el.hasAttribute(name)) check(el.getAttribute(name), `${el.tagName.toLowerCase()}[${name}]`);
                }
            }
            check(document.title, "title");
            return found;
        }
        """, allowed.ToArray());

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
