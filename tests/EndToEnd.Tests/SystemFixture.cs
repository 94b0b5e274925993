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

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "municipal-e2e", Guid.NewGuid().ToString("N"));

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>From the start of the app host to the gateway's first healthy answer.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "Gateway:Port=0",
            "RabbitMq:Persistent=false",
            $"DataDirectory={_dataDirectory}",
            $"Auth:SigningKey={TestTokens.SigningKey}",
        ], timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = App.CreateHttpClient("gateway");
        TimeToHealthy = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
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
