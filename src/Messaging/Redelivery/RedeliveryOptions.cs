using System.Globalization;

namespace Municipal.Messaging.Redelivery;

/// <summary>
/// Configuration section <c>Messaging:Redelivery</c>: second-level redelivery. A message whose consumer still fails
/// after the quick in-process retries (<c>Messaging:Retry</c>) waits in a wait queue for the next delay and comes back
/// to the service's queue; after the last delay it is parked in <c>{endpoint}_error</c>.
/// </summary>
public sealed class WaitQueueOptions
{
    /// <summary>Minutes, then hours: a database blip, a restarted dependency and a night's outage all mend on their own.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6),
    ];

    /// <summary>Off: a message goes to the error queue straight after its quick retries.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The wait before each redelivery; unset: <see cref="DefaultDelays"/>.</summary>
    public TimeSpan[]? Delays { get; set; }

    public IReadOnlyList<TimeSpan> EffectiveDelays => !Enabled ? [] : Delays is { Length: > 0 } delays ? delays : DefaultDelays;

    /// <summary>
    /// The wait queue of one delay, e.g. <c>scheduling_retry_5m</c>: named after its delay, so that changing the delays
    /// declares new queues instead of clashing with the arguments of the old ones (which drain on their own).
    /// </summary>
    public static string WaitQueue(string endpoint, TimeSpan delay) => $"{endpoint}_retry_{Label(delay)}";

    public static string ErrorQueue(string endpoint) => $"{endpoint}_error";

    private static string Label(TimeSpan delay) => delay switch
    {
        { TotalMilliseconds: var ms } when ms % 3_600_000 == 0 => $"{(long)delay.TotalHours}h",
        { TotalMilliseconds: var ms } when ms % 60_000 == 0 => $"{(long)delay.TotalMinutes}m",
        { TotalMilliseconds: var ms } when ms % 1000 == 0 => $"{(long)delay.TotalSeconds}s",
        _ => ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
    };
}
