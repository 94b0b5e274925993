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

    public static readonly Counter<long> Parked = Meter.CreateCounter<long>(
        "municipal.outbox.parked", "{message}", "Events the outbox relay gave up on after Messaging:Outbox:MaxAttempts; they wait for an admin.");

    public static readonly Counter<long> Redelivered = Meter.CreateCounter<long>(
        "municipal.consumer.redelivered", "{message}", "Messages whose consumer failed after its quick retries, sent to a wait queue to be tried again later.");

    public static readonly Counter<long> ConsumerParked = Meter.CreateCounter<long>(
        "municipal.consumer.parked", "{message}", "Messages whose consumer still failed after every redelivery, moved to the service's error queue.");

    public static readonly Counter<long> DuplicatesIgnored = Meter.CreateCounter<long>(
        "municipal.inbox.duplicates", "{message}", "Redelivered messages a consumer had already handled.");

    private static long _pending;
    private static long _oldestPendingAgeMs;
    private static long _parkedEvents = -1;
    private static long _parkedMessages = -1;

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("municipal.outbox.pending", () => Interlocked.Read(ref _pending), "{message}",
            "Events stored but not yet published, as last seen by the relay.");
        Meter.CreateObservableGauge("municipal.outbox.oldest_pending_age", () => Interlocked.Read(ref _oldestPendingAgeMs), "ms",
            "Age of the oldest unpublished event: grows while the broker is unreachable.");
        Meter.CreateObservableGauge("municipal.outbox.parked_now", ObserveParkedEvents, "{message}",
            "Parked events waiting for an admin, as last seen by the relay.");
        Meter.CreateObservableGauge("municipal.consumer.parked_now", ObserveParkedMessages, "{message}",
            "Messages in the service's error queue, as last seen by its health check.");
    }

    private static IEnumerable<Measurement<long>> ObserveParkedEvents() =>
        Interlocked.Read(ref _parkedEvents) is var n and >= 0 ? [new Measurement<long>(n)] : [];

    private static IEnumerable<Measurement<long>> ObserveParkedMessages() =>
        Interlocked.Read(ref _parkedMessages) is var n and >= 0 ? [new Measurement<long>(n)] : [];

    internal static void ReportParkedEvents(long count) => Interlocked.Exchange(ref _parkedEvents, count);

    internal static void ReportParkedMessages(long count) => Interlocked.Exchange(ref _parkedMessages, count);

    internal static void ReportBacklog(long pending, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _oldestPendingAgeMs, (long)oldestAge.TotalMilliseconds);
    }
}
