using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling;

/// <summary>Configuration section <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>A person may give up a confirmed seat until this long before the start (staff may later).</summary>
    public TimeSpan CancellationCutoff { get; set; } = CancellationPolicy.DefaultCutoff;

    /// <summary>Check-in (and recording the issues raised) opens this long before the start.</summary>
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Check-in closes this long after the session's end: the desk may finish its queue, not check people in a day later.</summary>
    public TimeSpan CheckInClosesAfterEnd { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long before the start reminders go out; empty means the defaults, 24 h and 2 h.</summary>
    public List<TimeSpan>? ReminderOffsets { get; set; }

    /// <summary>How often the reminder service looks for reminders that are due.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<TimeSpan> EffectiveReminderOffsets =>
        ReminderOffsets is { Count: > 0 } configured ? configured.Where(o => o > TimeSpan.Zero).Distinct().ToList() : ReminderPlan.DefaultOffsets;
}
