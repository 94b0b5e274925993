namespace Municipal.Notifications.Domain;

/// <summary>
/// How often and how far apart a delivery is tried after transient failures: exponential back-off
/// (first, 2×first, 4×first … capped) with jitter, so that many deliveries failing together do not all
/// come back at the same moment.
/// </summary>
public sealed record RetrySchedule(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static readonly RetrySchedule Default = new(6, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));

    /// <param name="attempts">Tries made so far (1 after the first failure).</param>
    /// <param name="random">A number in [0, 1): the jitter. The delay lies between half and all of the back-off.</param>
    public TimeSpan DelayAfter(int attempts, double random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var backoff = FirstDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(backoff, MaxDelay.TotalMilliseconds);
        var jittered = capped * (0.5 + 0.5 * Math.Clamp(random, 0, 1));
        return TimeSpan.FromMilliseconds(jittered);
    }
}
