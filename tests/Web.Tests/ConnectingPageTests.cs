using Microsoft.Playwright;
using Municipal.Testing;
using System.Text;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// A page that is still connecting when the person moves on. Until its circuit is up, Back and Forward are handled by
/// Blazor's page loader (it fetches the page of the new address and shows it); the circuit, which asked to start with
/// the address before, must then follow the address the browser shows, not put the page of the old one back.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ConnectingPageTests(WebSystem system)
{
    [Fact]
    public async Task Back_pressed_while_the_reloaded_board_connects_leaves_the_board_of_the_address_shown()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 22);
        var created = await system.CallAsync(HttpMethod.Post, "/api/requests", scenario.LeaderToken, new
        {
            communityId = scenario.CommunityId, category = "road", title = "ถนนยุบ (ย้อนกลับระหว่างเชื่อมต่อ)", description = "หลุมลึกกลางถนน",
            location = new { latitude = 16.4815, longitude = 99.5501 },
        });
        var number = created.GetProperty("number").GetString()!;
        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-back-connecting", "เจ้าหน้าที่ย้อนกลับ");
        await Browser.OpenAsync(staff, "/staff/requests");
        await staff.GetByLabel("ชุมชน", new() { Exact = true }).SelectOptionAsync(scenario.CommunityId.ToString());
        await staff.GetByLabel("เฉพาะที่เกินกำหนด").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff).ToHaveURLAsync(new Regex("overdue=true$"));
        await Expect(staff.GetByTestId("no-requests")).ToBeVisibleAsync(); // the new road is not overdue
        await staff.GetByLabel("เฉพาะที่เกินกำหนด").UncheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "ค้นหา" }).ClickAsync();
        await Expect(staff.GetByTestId("request-list")).ToContainTextAsync(number);

        // The reloaded page's circuit is held just after the browser asked for it (with the unfiltered address), so
        // that Back comes while the page is connecting, as it does for a person on a slow line.
        using var circuit = await HeldCircuit.RouteAsync(staff);
        await staff.ReloadAsync();
        await circuit.AskedAsync();
        await staff.GoBackAsync();
        await Expect(staff).ToHaveURLAsync(new Regex($"community={scenario.CommunityId}&overdue=true$"));
        circuit.Release();

        await Browser.WaitForCircuitAsync(staff);
        await Expect(staff.GetByTestId("no-requests")).ToBeVisibleAsync();
        await Expect(staff.GetByLabel("เฉพาะที่เกินกำหนด")).ToBeCheckedAsync();
        await Expect(staff.Locator("main")).Not.ToContainTextAsync(number);
        await Expect(staff).ToHaveURLAsync(new Regex($"community={scenario.CommunityId}&overdue=true$"));
    }

    /// <summary>
    /// Blazor's circuit connection with the server's messages held back from the moment the page asks to start the
    /// circuit until <see cref="Release"/>, then passed on in order.
    /// </summary>
    private sealed class HeldCircuit : IDisposable
    {
        private readonly object gate = new();
        private readonly List<(IWebSocketRoute To, IWebSocketFrame Frame)> held = [];
        private readonly TaskCompletionSource asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool holding = true;

        public static async Task<HeldCircuit> RouteAsync(IPage page)
        {
            var circuit = new HeldCircuit();
            await page.RouteWebSocketAsync(new Regex("/_blazor"), circuit.Connect);
            return circuit;
        }

        private void Connect(IWebSocketRoute browser)
        {
            var server = browser.ConnectToServer();
            browser.OnMessage(frame =>
            {
                Forward(server, frame);
                if (Says(frame, "StartCircuit"))
                {
                    asked.TrySetResult();
                }
            });
            server.OnMessage(frame =>
            {
                lock (gate)
                {
                    if (holding && asked.Task.IsCompleted)
                    {
                        held.Add((browser, frame));
                        return;
                    }
                }

                Forward(browser, frame);
            });
        }

        public Task AskedAsync() => asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Release()
        {
            lock (gate)
            {
                holding = false;
                foreach (var (to, frame) in held)
                {
                    Forward(to, frame);
                }

                held.Clear();
            }
        }

        public void Dispose() => Release();

        private static bool Says(IWebSocketFrame frame, string word) =>
            frame.Binary is { } bytes ? Encoding.UTF8.GetString(bytes).Contains(word, StringComparison.Ordinal) : frame.Text?.Contains(word, StringComparison.Ordinal) == true;

        private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
        {
            if (frame.Binary is { } bytes)
            {
                to.Send(bytes);
            }
            else
            {
                to.Send(frame.Text ?? "");
            }
        }
    }
}
