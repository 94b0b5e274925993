using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Municipal.Notifications;

/// <summary>Business metrics and traces of the Notifications service, shown in the Aspire dashboard.</summary>
internal static class NotificationsTelemetry
{
    public const string Name = "Municipal.Notifications";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "municipal.notifications.sent", "{notification}", "Notices delivered, by channel and kind.");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "municipal.notifications.failed", "{notification}", "Deliveries that failed for good (after their last try, or refused), by channel and kind.");

    public static readonly Counter<long> Deferred = Meter.CreateCounter<long>(
        "municipal.notifications.deferred", "{notification}", "Deliveries held back by quiet hours, by channel.");

    public static readonly Counter<long> FellBack = Meter.CreateCounter<long>(
        "municipal.notifications.fell_back", "{notification}", "Deliveries moved to another channel because theirs is not configured, by channel.");

    public static readonly Counter<long> Announced = Meter.CreateCounter<long>(
        "municipal.notifications.announcements", "{announcement}", "Announcements staff sent, by audience.");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "municipal.notifications.latency", "s", "From the event (its OccurredAt) to the notice being sent, by channel.");

    public static KeyValuePair<string, object?>[] Tags(string channel, string kind) =>
        [new("channel", channel), new("kind", kind)];

    public static KeyValuePair<string, object?>[] Tags(string channel) => [new("channel", channel)];
}
