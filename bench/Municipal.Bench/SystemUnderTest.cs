using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace Municipal.Bench;

/// <summary>
/// The whole system started by the app host on fresh data, with the services binding their own ports (no
/// orchestrator proxy), so a service can be measured directly as well as through the gateway.
/// </summary>
internal sealed class SystemUnderTest : IAsyncDisposable
{
    public const string SigningKey = "municipal-bench-signing-key-0123456789abcdef";

    private SystemUnderTest(DistributedApplication app, string dataDirectory, string broker)
    {
        App = app;
        DataDirectory = dataDirectory;
        BrokerConnectionString = broker;
    }

    /// <summary>The AMQP address of the system's broker.</summary>
    public string BrokerConnectionString { get; }

    public DistributedApplication App { get; }

    public string DataDirectory { get; }

    public Uri Gateway => App.GetEndpoint("gateway", "http");

    public Uri Service(string name) => App.GetEndpoint(name, "http");

    public DevTokenIssuer Tokens { get; } = new(new MunicipalAuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    public static async Task<SystemUnderTest> StartAsync(params string[] extraArgs)
    {
        var data = Path.Combine(Path.GetTempPath(), "municipal-bench", Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "Gateway:Port=0",
            "Services:Proxied=false",
            "RabbitMq:Persistent=false",
            $"DataDirectory={data}",
            $"Auth:SigningKey={SigningKey}",
            "Settings:gateway:RateLimits:AnonymousPerWindow=100000000",
            "Settings:gateway:RateLimits:SignedInPerWindow=100000000",
            "Settings:gateway:RateLimits:SubmissionsSignedInPerWindow=100000000",
            "Settings:gateway:RateLimits:SubmissionsAnonymousPerWindow=100000000",
            "Settings:gateway:Logging:LogLevel:Municipal.Gateway.AccessLog=Warning",
            .. extraArgs,
        ], timeout.Token);
        // The processes' own output would be copied line by line to this console, at the load generator's cost.
        builder.Services.AddLogging(logging => logging
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        var broker = await app.GetConnectionStringAsync("messaging", timeout.Token)
            ?? throw new InvalidOperationException("The system has no broker connection string.");
        ServiceErrors.Watch(app);
        return new SystemUnderTest(app, data, broker);
    }

    public string Token(string subject, params string[] roles) =>
        Tokens.Issue(new DevTokenRequest { Sub = subject, Name = subject, Roles = roles }, TimeSpan.FromHours(4));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The services' errors, on the bench's console as they happen: their own output is not copied there (line by line, at the
/// load generator's cost), so without this a failed request under load (a 500) would say nothing of its cause. A line the
/// console logger starts with <c>fail:</c> or <c>crit:</c> (its colour codes taken out) is printed with the lines of its
/// exception that follow.
/// </summary>
internal static class ServiceErrors
{
    private const int LinesAfter = 25;

    private static readonly System.Text.RegularExpressions.Regex Colours = new("\u001b\\[[0-9;]*m", System.Text.RegularExpressions.RegexOptions.Compiled);

    public static void Watch(DistributedApplication app)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var services = ProcessMemory.Processes.Where(p => p.Marker.StartsWith("Municipal.", StringComparison.Ordinal)).Select(p => p.Name).ToHashSet();
        var watched = new HashSet<string>(StringComparer.Ordinal);
        // A project's log is kept under each running instance's id (its name and a suffix), which its notifications carry.
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var resource in app.ResourceNotifications.WatchAsync())
                {
                    if (services.Contains(resource.Resource.Name) && watched.Add(resource.ResourceId))
                    {
                        _ = PrintErrorsAsync(logs, resource.ResourceId, resource.Resource.Name);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the system is stopping
            }
        });
    }

    private static async Task PrintErrorsAsync(ResourceLoggerService logs, string instance, string service)
    {
        var following = 0;
        try
        {
            await foreach (var batch in logs.WatchAsync(instance))
            {
                foreach (var line in batch)
                {
                    var content = Colours.Replace(line.Content, ""); // the console logger colours its level words
                    following = content.Contains("fail: ", StringComparison.Ordinal) || content.Contains("crit: ", StringComparison.Ordinal)
                        ? LinesAfter
                        : following - 1;
                    if (following > 0)
                    {
                        Console.WriteLine($"  [{service}] {content}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the system is stopping
        }
    }
}

/// <summary>Resident memory of the system's processes, found by their command lines.</summary>
internal static class ProcessMemory
{
    public static readonly (string Name, string Marker)[] Processes =
    [
        ("gateway", "Municipal.Gateway"),
        ("communities", "Municipal.Communities"),
        ("scheduling", "Municipal.Scheduling"),
        ("requests", "Municipal.Requests"),
        ("notifications", "Municipal.Notifications"),
        ("rabbitmq (beam.smp)", "beam.smp"),
    ];

    /// <summary>Name → resident set size in MiB (summed when several processes match, e.g. replicas).</summary>
    public static Dictionary<string, double> Snapshot()
    {
        var result = Processes.ToDictionary(p => p.Name, _ => 0d);
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var match = Processes.FirstOrDefault(p => commandLine.Contains(p.Marker, StringComparison.Ordinal));
                if (match.Name is null)
                {
                    continue;
                }

                var rss = File.ReadLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (rss is not null)
                {
                    result[match.Name] += double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return result;
    }
}

internal static class Shell
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output) + (await error);
    }
}
