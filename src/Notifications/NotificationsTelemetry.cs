using System.Diagnostics.Metrics;

namespace Municipal.Notifications;

/// <summary>Business metrics of the Notifications service, shown in the Aspire dashboard.</summary>
internal static class NotificationsTelemetry
{
    private static readonly Meter Meter = new("Municipal.Notifications");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "municipal.notifications.sent", "{notification}", "Notifications delivered, by channel and kind.");
}
