using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Redelivery;

/// <summary>
/// Health detail of what waits for an admin: events parked in the outbox and messages parked in the error queue.
/// Degraded (still serving) while any wait. Counted at most every <see cref="CacheFor"/>, since health is asked often.
/// </summary>
internal sealed class ParkedHealthCheck<TContext>(IServiceScopeFactory scopes, IParkedMessages parked, TimeProvider time, string service)
    : IHealthCheck where TContext : ServiceDbContext
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.At < CacheFor)
            {
                return last.Result;
            }

            var result = await CountAsync(cancellationToken);
            _last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> CountAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var events = await db.OutboxMessages.CountAsync(m => m.ParkedAt != null && m.SentAt == null, cancellationToken);
        int? messages;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            messages = await parked.CountAsync(timeout.Token);
            MessagingTelemetry.ReportParkedMessages(messages.Value);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            messages = null; // the broker is away: the bus's own check says so
        }

        var data = new Dictionary<string, object>
        {
            ["parkedEvents"] = events,
            ["parkedMessages"] = messages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown",
            ["errorQueue"] = parked.Queue,
        };
        return events > 0 || messages > 0
            ? HealthCheckResult.Degraded(
                $"{events} event(s) parked in the outbox and {messages} message(s) in {parked.Queue}: see /api/{service}/admin/outbox/parked and /api/{service}/admin/messaging/parked.",
                data: data)
            : HealthCheckResult.Healthy("Nothing parked.", data);
    }
}
