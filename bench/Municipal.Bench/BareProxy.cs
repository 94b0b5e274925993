using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using Yarp.ReverseProxy.Configuration;

namespace Municipal.Bench;

/// <summary>
/// YARP and nothing else: the same YARP version as the gateway, one catch-all route to one upstream, no middleware, no
/// logging, no telemetry, the gateway's GC setting, in a process of its own. Beside nginx it says what YARP itself costs
/// on this machine; beside the gateway, what the gateway's own work (its defences, logging and traces) adds. Started as
/// <c>Municipal.Bench --serve-bare-proxy &lt;port&gt; &lt;upstream&gt;</c>.
/// </summary>
internal sealed class BareProxy : IAsyncDisposable
{
    public const string Marker = "--serve-bare-proxy";

    private readonly Process _process;

    private BareProxy(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<int> ServeAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var upstream = args[2];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "upstream",
                Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream } },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }

    public static async Task<BareProxy> StartAsync(Uri upstream)
    {
        var port = Nginx.FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(BareProxy).Assembly.Location, Marker, port.ToString(CultureInfo.InvariantCulture), upstream.ToString()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = CeilingServer.GcServerOf("Gateway", "Municipal.Gateway") },
        };

        var proxy = new BareProxy(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri(proxy.Url, "/health"));
                return proxy;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The bare proxy did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
