using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Municipal.AppHost;

namespace Municipal.EndToEnd.Tests;

/// <summary>The app host's health checks keep asking a starting resource instead of leaving it to Aspire's backoff.</summary>
public sealed class PatientHealthCheckTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Runs the check, moving the fake clock one interval at a time until it answers.</summary>
    private static async Task<HealthCheckResult> RunAsync(FakeTimeProvider time, Func<CancellationToken, Task<HealthCheckResult>> probe)
    {
        var check = PatientHealthChecks.UntilHealthyAsync(probe, Patience, Interval, time, CancellationToken.None);
        for (var i = 0; i < 1000 && !check.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(Interval);
        }

        return await check.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_resource_that_becomes_ready_while_the_check_waits_is_reported_healthy_at_the_next_probe()
    {
        var time = new FakeTimeProvider();
        var probes = 0;
        var readyAt = TimeSpan.FromSeconds(3);
        var start = time.GetTimestamp();

        var result = await RunAsync(time, _ =>
        {
            probes++;
            return Task.FromResult(time.GetElapsedTime(start) >= readyAt
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("not yet"));
        });

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(readyAt / Interval + 1, probes);
    }

    [Fact]
    public async Task A_resource_that_never_answers_is_reported_unhealthy_with_the_last_reason_once_the_patience_is_spent()
    {
        var time = new FakeTimeProvider();
        var probes = 0;
        var start = time.GetTimestamp();

        var result = await RunAsync(time, _ => Task.FromResult(HealthCheckResult.Unhealthy($"refused ({++probes})")));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"refused ({probes})", result.Description);
        Assert.InRange(time.GetElapsedTime(start), Patience - Interval, Patience);
        Assert.Equal(Patience / Interval + 1, probes); // at 0, 0.2 s, … and 10 s
    }

    [Fact]
    public async Task A_healthy_resource_is_asked_once()
    {
        var time = new FakeTimeProvider();
        var probes = 0;

        var result = await RunAsync(time, _ => { probes++; return Task.FromResult(HealthCheckResult.Healthy()); });

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(1, probes);
    }
}
