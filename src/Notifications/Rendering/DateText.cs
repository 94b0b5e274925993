using Municipal.Notifications.Domain;
using Municipal.ThaiCalendar;
using System.Globalization;

namespace Municipal.Notifications.Rendering;

/// <summary>
/// Dates as people read them: Thai with the Buddhist Era and Thai month names ("วันอังคารที่ 19 พฤศจิกายน
/// 2562 เวลา 09:00 น."), English with the Common Era ("Tuesday 19 November 2019 at 09:00"); always in
/// Bangkok time.
/// </summary>
public static class DateText
{
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string DateAndTime(DateTimeOffset instant, string language)
    {
        var local = BangkokTime.ToLocal(instant);
        return language == Languages.English
            ? local.ToString("dddd d MMMM yyyy 'at' HH:mm", English)
            : $"{Date(DateOnly.FromDateTime(local.DateTime), language)} เวลา {local.ToString("HH:mm", CultureInfo.InvariantCulture)} น.";
    }

    public static string Time(DateTimeOffset instant) =>
        BangkokTime.ToLocal(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date, string language) => language == Languages.English
        ? date.ToString("dddd d MMMM yyyy", English)
        : $"{ThaiWeekday(date)}ที่ {date.ToString("d MMMM yyyy", Thai)}";

    /// <summary>"วันอังคาร": ICU's Thai day names carry "วัน" already; older data has the bare name.</summary>
    private static string ThaiWeekday(DateOnly date)
    {
        var name = date.ToString("dddd", Thai);
        return name.StartsWith("วัน", StringComparison.Ordinal) ? name : "วัน" + name;
    }

    /// <summary>A span such as a reminder's offset: "2 ชั่วโมง", "1 day".</summary>
    public static string Duration(TimeSpan span, string language, TemplateLibrary templates)
    {
        var (count, unit) = span.TotalMinutes switch
        {
            var m when m >= 1440 && m % 1440 == 0 => ((int)(m / 1440), "day"),
            var m when m >= 60 && m % 60 == 0 => ((int)(m / 60), "hour"),
            var m => ((int)Math.Round(m), "minute"),
        };
        var key = count == 1 ? $"unit.{unit}" : $"unit.{unit}s";
        return string.Format(CultureInfo.InvariantCulture, templates.Label(language, key, "{0} " + unit + "(s)"), count);
    }

    /// <summary>
    /// When a session starts, as seen at <paramref name="now"/>, in the words people use: "วันนี้ เวลา 09:00 น.
    /// (อีก 2 ชั่วโมง)", "พรุ่งนี้ เวลา 09:00 น.", "มะรืนนี้ เวลา 09:00 น.", a date with "(อีก 5 วัน)" after that;
    /// "today at 09:00 (in 2 hours)", "tomorrow at 09:00", "the day after tomorrow at 09:00", "on … (in 5 days)".
    /// Days are Bangkok calendar days; the time left on the day itself is rounded to 5 minutes from an hour on
    /// and up to the minute below it.
    /// </summary>
    public static string StartsIn(DateTimeOffset start, DateTimeOffset now, string language, TemplateLibrary templates)
    {
        var english = language == Languages.English;
        var days = BangkokTime.DateOf(start).DayNumber - BangkokTime.DateOf(now).DayNumber;
        var time = Time(start);
        return days switch
        {
            <= 0 => english
                ? $"today at {time} (in {Left(start - now, language, templates)})"
                : $"วันนี้ เวลา {time} น. (อีก {Left(start - now, language, templates)})",
            1 => english ? $"tomorrow at {time}" : $"พรุ่งนี้ เวลา {time} น.",
            2 => english ? $"the day after tomorrow at {time}" : $"มะรืนนี้ เวลา {time} น.",
            _ => english
                ? $"on {DateAndTime(start, language)} (in {Unit(days, "day", language, templates)})"
                : $"{DateAndTime(start, language)} (อีก {Unit(days, "day", language, templates)})",
        };
    }

    /// <summary>"2 ชั่วโมง 30 นาที", "45 นาที"; "1 hour 5 minutes".</summary>
    private static string Left(TimeSpan left, string language, TemplateLibrary templates)
    {
        var minutes = left.TotalMinutes < 60
            ? Math.Max(1, (int)Math.Ceiling(left.TotalMinutes))
            : (int)Math.Round(left.TotalMinutes / 5, MidpointRounding.AwayFromZero) * 5;
        var (hours, rest) = (minutes / 60, minutes % 60);
        var parts = new List<string>();
        if (hours > 0)
        {
            parts.Add(Unit(hours, "hour", language, templates));
        }

        if (rest > 0)
        {
            parts.Add(Unit(rest, "minute", language, templates));
        }

        return string.Join(" ", parts);
    }

    private static string Unit(int count, string unit, string language, TemplateLibrary templates) => string.Format(
        CultureInfo.InvariantCulture, templates.Label(language, count == 1 ? $"unit.{unit}" : $"unit.{unit}s", "{0} " + unit + "(s)"), count);
}
