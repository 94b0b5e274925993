using System.Globalization;

namespace Municipal.ThaiCalendar;

/// <summary>
/// Times are stored as UTC instants and entered and shown in Asia/Bangkok. Bangkok has kept +07:00 without
/// daylight saving since 1920, so a fixed offset is exact for every date the municipality deals with (and
/// avoids the odd historical rules of some time-zone databases).
/// </summary>
public static class BangkokTime
{
    public const string ZoneId = "Asia/Bangkok";

    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The instant as Bangkok wall-clock time (offset +07:00).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The UTC instant of a Bangkok wall-clock time.</summary>
    public static DateTimeOffset FromLocal(DateTime wallClock) =>
        new DateTimeOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), Offset).ToUniversalTime();

    public static DateTimeOffset FromLocal(DateOnly date, TimeOnly time) => FromLocal(date.ToDateTime(time));

    /// <summary>The first instant of a Bangkok calendar day, in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => FromLocal(date, TimeOnly.MinValue);

    /// <summary>The calendar date in Bangkok at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>Today in the municipality.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>An instant as ISO 8601 in Bangkok time with its offset: <c>2026-11-20T09:30:00+07:00</c>.</summary>
    public static string Iso(DateTimeOffset instant) =>
        ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a time as people enter it: <c>2019-11-19T09:00</c> is Bangkok wall-clock time; a value with an
    /// offset or <c>Z</c> (<c>2019-11-19T02:00:00Z</c>) is taken as the instant it names.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 10 && t > 0 && (text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0));
        if (hasOffset)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                utc = instant.ToUniversalTime();
                return true;
            }

            return false;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            utc = FromLocal(wallClock);
            return true;
        }

        return false;
    }
}
