using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Municipal.Messaging;

/// <summary>Traces and metrics of the outbox and inbox, for the Aspire dashboard.</summary>
public static class MessagingTelemetry
{
    public const string Name = "Municipal.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "municipal.outbox.published", "{message}", "Events the outbox relay published and the broker confirmed.");

    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "municipal.outbox.publish_failures", "{attempt}", "Publish attempts that failed and will be retried.");

    public static readonly Counter<long> DuplicatesIgnored = Meter.CreateCounter<long>(
        "municipal.inbox.duplicates", "{message}", "Redelivered messages a consumer had already handled.");

    private static long _pending;
    private static long _oldestPendingAgeMs;

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("municipal.outbox.pending", () => Interlocked.Read(ref _pending), "{message}",
            "Events stored but not yet published, as last seen by the relay.");
        Meter.CreateObservableGauge("municipal.outbox.oldest_pending_age", () => Interlocked.Read(ref _oldestPendingAgeMs), "ms",
            "Age of the oldest unpublished event: grows while the broker is unreachable.");
    }

    internal static void ReportBacklog(long pending, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _oldestPendingAgeMs, (long)oldestAge.TotalMilliseconds);
    }
}
