using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Application;

/// <summary>Configuration section <c>Notifications:Delivery</c>: how the dispatcher sends and retries.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    /// <summary>Tries of one delivery before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = RetrySchedule.Default.MaxAttempts;

    public TimeSpan FirstRetryDelay { get; set; } = RetrySchedule.Default.FirstDelay;

    public TimeSpan MaxRetryDelay { get; set; } = RetrySchedule.Default.MaxDelay;

    /// <summary>How often the dispatcher looks for due deliveries without being woken (retries, quiet hours ending).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a dispatcher holds the deliveries it claimed; a replica may take them after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public RetrySchedule Schedule => new(Math.Max(1, MaxAttempts), FirstRetryDelay, MaxRetryDelay);
}

/// <summary>Configuration section <c>Notifications:QuietHours</c> (Bangkok time).</summary>
public sealed class QuietHoursOptions
{
    public const string Section = "Notifications:QuietHours";

    public TimeOnly Start { get; set; } = QuietHours.Default.Start;

    public TimeOnly End { get; set; } = QuietHours.Default.End;

    /// <summary>A reminder that quiet hours would hold past its session's start goes out this long before the start.</summary>
    public TimeSpan ReminderLeadTime { get; set; } = TimeSpan.FromMinutes(30);

    public QuietHours Window => new(Start, End);
}

/// <summary>Configuration section <c>Notifications:Inbox</c>: the live stream.</summary>
public sealed class InboxOptions
{
    public const string Section = "Notifications:Inbox";

    /// <summary>The stream looks for new entries this often even without a signal (another replica may have written them).</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A ping this often keeps proxies from closing an idle stream.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
