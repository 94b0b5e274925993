using Aspire.Hosting;
using Microsoft.Playwright;
using Municipal.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Web.Tests;

/// <summary>
/// The whole system started by the app host (RabbitMQ, the four services, the gateway and the web client), and
/// one headless Chromium (Debian's, at <c>/usr/bin/chromium</c>: Playwright's own browser download does not
/// work here) that reaches the web client only through the gateway's address.
/// </summary>
public sealed class WebSystem : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Where Chromium is; <c>MUNICIPAL_CHROMIUM</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("MUNICIPAL_CHROMIUM") ?? "/usr/bin/chromium";

    // Without the background-networking flags Chromium keeps trying to reach Google's services, which a closed network refuses.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "municipal-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The browser contexts made in English (the language cookie set), for helpers that read labels.</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentBag<IBrowserContext> EnglishContexts = [];

    /// <summary>The text messages the development SMS adapter wrote (one JSON line each): what a leader's phone received.</summary>
    public string SmsFile => Path.Combine(_dataDirectory, "dev-sms", "sms.jsonl");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The gateway: the one address of the system, for the browser and for setting up data through the API.</summary>
    public Uri Address { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The LINE platform the system talks to (its webhook calls come from here).</summary>
    public FakeLinePlatform Line { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: apt-get install -y chromium");
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        // LINE is set up, on a fake platform: the contact preferences page offers to link a LINE account.
        Line = await FakeLinePlatform.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            .. Line.Settings.Select(s => $"{s.Key}={s.Value}"),
            "Gateway:Port=0",
            "RabbitMq:Persistent=false",
            $"DataDirectory={_dataDirectory}",
            $"Auth:SigningKey={TestTokens.SigningKey}",
            // The browser and the web client call from one address: lift the gateway's limits for the test run.
            "Settings:gateway:RateLimits:AnonymousPerWindow=100000",
            "Settings:gateway:RateLimits:SignedInPerWindow=100000",
            "Settings:gateway:RateLimits:SubmissionsAnonymousPerWindow=100000",
            "Settings:gateway:RateLimits:SubmissionsSignedInPerWindow=100000",
            // Map tiles from nowhere (a closed port): the maps must show their markers and lists without them.
            "Settings:web:Web:Map:TileUrl=http://127.0.0.1:9/{z}/{x}/{y}.png",
        ], timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("web", timeout.Token);
        Address = App.GetEndpoint("gateway", "http");
        Api = new HttpClient { BaseAddress = Address };

        // A page waits on the services behind the gateway, on a machine that may be busy: assertions wait up to 30 s
        // for what they expect (they pass as soon as it is there).
        Assertions.SetDefaultExpectTimeout(30_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser (no cookies) at the gateway's address, in Bangkok, allowed to know its position.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, double latitude = 16.4810, double longitude = 99.5495, bool english = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            Locale = "th-TH",
            TimezoneId = "Asia/Bangkok",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Permissions = ["geolocation"],
            Geolocation = new Geolocation { Latitude = (float)latitude, Longitude = (float)longitude },
        });
        context.SetDefaultTimeout(30_000);
        if (english)
        {
            // The web client's language switch sets this cookie; the browser's own language never decides.
            await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=en-US|uic=en-US", Url = Address.ToString() }]);
            EnglishContexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    public async Task<JsonElement> CallAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        Api?.Dispose();
        if (Line is not null)
        {
            await Line.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebSystem>
{
    public const string Name = "web";
}
