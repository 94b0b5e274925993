using Aspire.Hosting;
using Municipal.Testing;
using System.Diagnostics;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// The whole system, once for all end-to-end tests: the app host starts RabbitMQ, the four services and the
/// gateway as local processes, on fresh data, with the test signing key.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Anonymous submissions one address may make per 10-second window in the test system (short, so a
    /// test that floods them does not starve the others for long).</summary>
    public const int AnonymousSubmissionsPerWindow = 30;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "municipal-e2e", Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Where the services keep their SQLite databases (<c>&lt;service&gt;db.db</c>) in this run.</summary>
    public string DataDirectory => _dataDirectory;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The LINE platform the system talks to: Notifications' and Requests' LINE base addresses point here.</summary>
    public FakeLinePlatform Line { get; private set; } = null!;

    /// <summary>From the start of the app host to the gateway's first healthy answer.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>Each resource's state and health changes during start-up, with the time since the start.</summary>
    public StartupTimeline Timeline { get; } = new();

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var clock = Stopwatch.StartNew();
        Line = await FakeLinePlatform.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            .. Line.Settings.Select(s => $"{s.Key}={s.Value}"),
            "Gateway:Port=0",
            "RabbitMq:Persistent=false",
            $"DataDirectory={_dataDirectory}",
            $"Auth:SigningKey={TestTokens.SigningKey}",
            // The tests call from one address and poll: lift the general limits, keep submissions limited
            // (EdgeFlowTests floods them on purpose).
            "Settings:gateway:RateLimits:AnonymousPerWindow=100000",
            "Settings:gateway:RateLimits:SignedInPerWindow=100000",
            "Settings:gateway:RateLimits:SubmissionsSignedInPerWindow=100000",
            $"Settings:gateway:RateLimits:SubmissionsAnonymousPerWindow={AnonymousSubmissionsPerWindow}",
            "Settings:gateway:RateLimits:Window=00:00:10",
            // The suite runs at any hour. Quiet hours (21:00–07:00 Bangkok, 14:00–00:00 UTC) would hold every LINE and
            // SMS delivery till morning, so a test that waits for one failed only when CI ran in the evening; their own
            // rules are tested with a fake clock in Notifications.Tests. Start equal to end: no quiet hours.
            "Settings:notifications:Notifications:QuietHours:Start=00:00",
            "Settings:notifications:Notifications:QuietHours:End=00:00",
        ], timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var watch = Timeline.RecordAsync(App.ResourceNotifications, clock, watching.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = App.CreateHttpClient("gateway");
        TimeToHealthy = clock.Elapsed;
        // The web client and the mail sink start after the gateway; the tests use them too.
        await App.ResourceNotifications.WaitForResourceHealthyAsync("web", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(Municipal.AppHost.DevelopmentMailSink.ResourceName, timeout.Token);
        await watching.CancelAsync();
        await watch;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
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
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
