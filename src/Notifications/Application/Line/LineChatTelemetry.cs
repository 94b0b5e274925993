using System.Diagnostics.Metrics;

namespace Municipal.Notifications.Application.Line;

/// <summary>The LINE chat's metrics (meter <c>Municipal.Notifications</c>, beside the notices').</summary>
internal static class LineChatTelemetry
{
    private static readonly Meter Meter = new(NotificationsTelemetry.Name);

    public static readonly Counter<long> Reports = Meter.CreateCounter<long>(
        "municipal.line.reports", "{report}", "Reports finished in the LINE chat, by category.");

    public static readonly Counter<long> Supports = Meter.CreateCounter<long>(
        "municipal.line.supports", "{support}", "\"Me too\" given in the LINE chat instead of a new report.");

    public static readonly Counter<long> Expired = Meter.CreateCounter<long>(
        "municipal.line.expired", "{conversation}", "Reports left half-way in the LINE chat that expired.");

    public static readonly Counter<long> PinsOutside = Meter.CreateCounter<long>(
        "municipal.line.pins_outside", "{pin}", "Pins sent in the LINE chat outside the municipality (asked again).");

    public static readonly Counter<long> Limited = Meter.CreateCounter<long>(
        "municipal.line.limited", "{report}", "Reports not started in the LINE chat: the user had finished their reports for 24 hours.");

    public static readonly Counter<long> Redelivered = Meter.CreateCounter<long>(
        "municipal.line.redelivered", "{event}", "LINE webhook events seen again (LINE's redelivery) and not handled twice.");

    public static readonly Counter<long> AnswersFailed = Meter.CreateCounter<long>(
        "municipal.line.answers_failed", "{answer}", "Chat answers that could not be sent to LINE after their last try.");
}
