using System.Diagnostics.Metrics;

namespace Municipal.Scheduling;

/// <summary>Business metrics of the Scheduling service, shown in the Aspire dashboard.</summary>
internal static class SchedulingTelemetry
{
    private static readonly Meter Meter = new("Municipal.Scheduling");

    public static readonly Counter<long> Registered = Meter.CreateCounter<long>(
        "municipal.scheduling.registrations", "{registration}", "Registrations made, by outcome (confirmed, waitlisted, walk-in).");

    public static readonly Counter<long> Promoted = Meter.CreateCounter<long>(
        "municipal.scheduling.promotions", "{registration}", "Waitlisted people promoted to a seat.");

    public static readonly Counter<long> Reminders = Meter.CreateCounter<long>(
        "municipal.scheduling.reminders", "{reminder}", "Session reminders, by outcome (sent, superseded).");
}
