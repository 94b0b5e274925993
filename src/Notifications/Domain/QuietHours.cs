using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Domain;

/// <summary>
/// A daily window in Bangkok time (e.g. 21:00–07:00) in which LINE and SMS wait. The window may cross
/// midnight; start equal to end means no quiet hours.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(7, 0));

    public bool Contains(DateTimeOffset instant)
    {
        if (Start == End)
        {
            return false;
        }

        var local = TimeOnly.FromDateTime(BangkokTime.ToLocal(instant).DateTime);
        return Start < End
            ? local >= Start && local < End
            : local >= Start || local < End;
    }

    /// <summary>The first instant at or after <paramref name="instant"/> that is outside the window.</summary>
    public DateTimeOffset EndOf(DateTimeOffset instant)
    {
        if (!Contains(instant))
        {
            return instant;
        }

        var end = BangkokTime.FromLocal(BangkokTime.DateOf(instant), End);
        return end > instant ? end : end.AddDays(1);
    }
}

/// <summary>When a delivery over a channel may go out, given the recipient's quiet hours.</summary>
public static class QuietHoursRule
{
    /// <summary>
    /// <c>null</c>: send now. Otherwise the instant to send at. LINE and SMS wait for the end of quiet
    /// hours; in-app and email never wait. A notice that must arrive before a deadline (a reminder of a
    /// session) that would come too late goes out just before the deadline instead, quiet hours or not.
    /// </summary>
    public static DateTimeOffset? HoldUntil(
        string channel, QuietHours quietHours, DateTimeOffset now, DateTimeOffset? mustArriveBefore, TimeSpan leadTime)
    {
        if (!Channels.RespectsQuietHours(channel) || !quietHours.Contains(now))
        {
            return null;
        }

        var end = quietHours.EndOf(now);
        if (mustArriveBefore is { } deadline && end > deadline - leadTime)
        {
            var justBefore = deadline - leadTime;
            return justBefore > now ? justBefore : null;
        }

        return end;
    }
}
