namespace Municipal.Notifications.Domain;

/// <summary>Asia/Bangkok: UTC+07:00 all year (no daylight saving), so a fixed offset is exact.</summary>
public static class BangkokTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset ToBangkok(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ToBangkok(now).DateTime);
}
