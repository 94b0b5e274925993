using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Globalization;
using Yarp.ReverseProxy.Configuration;

namespace Municipal.Bench;

/// <summary>
/// YARP and nothing else: the same YARP version as the gateway, one catch-all route to one upstream, no middleware, no
/// logging, no telemetry, the gateway's GC setting, in a process of its own. Beside nginx it says what YARP itself costs
/// on this machine; beside the gateway, what the gateway's own work (its defences, logging and traces) adds. Started as
/// <c>Municipal.Bench --serve-bare-proxy &lt;port&gt; &lt;upstream&gt;</c>.
/// </summary>
internal static class BareProxy
{
    public const string Marker = "--serve-bare-proxy";

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

    /// <summary>Bare YARP in front of <paramref name="upstream"/>, with the gateway's GC setting.</summary>
    public static Task<YardstickProcess> StartAsync(Uri upstream) =>
        YardstickProcess.StartAsync(Marker, YardstickProcess.GcServerOf("Gateway", "Municipal.Gateway"), "/health", [upstream.ToString()]);
}
