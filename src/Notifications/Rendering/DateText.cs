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
}
