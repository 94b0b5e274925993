using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Municipal.AppHost;

/// <summary>
/// Tells the operator where to look once everything is up, and removes the run's scratch folder once
/// the orchestrator has stopped every process (registered here, because the stop of hosted services
/// runs before the orchestrator's).
/// </summary>
internal sealed partial class RunLifetime(
    ScratchDirectory scratch, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<RunLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var dashboard = (configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            var gatewayPort = configuration.GetValue("Gateway:Port", 8080);
            LogReady(dashboard ?? "(see the log above)", gatewayPort == 0 ? "(a free port: see the dashboard)" : $"http://localhost:{gatewayPort}");
        });
        lifetime.ApplicationStopped.Register(scratch.Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Municipal is starting. Dashboard: {Dashboard} · Gateway (API): {Gateway}")]
    private partial void LogReady(string dashboard, string gateway);
}
