using System.Globalization;
using Municipal.ThaiCalendar;

namespace Municipal.Web.Localization;

/// <summary>
/// Dates for people: in Bangkok time (UTC+7, no daylight saving), in the page's culture. Under th-TH .NET uses
/// the Thai Buddhist calendar, so years are B.E. (C.E. + 543): "19 พ.ย. 2562 09:00".
/// </summary>
public static class Dates
{
    public static DateTimeOffset InBangkok(DateTimeOffset instant) => BangkokTime.ToLocal(instant);

    public static DateOnly Today(TimeProvider time) => BangkokTime.Today(time);

    /// <summary>"19 พ.ย. 2562 09:00 น." / "19 Nov 2019 09:00".</summary>
    public static string Short(DateTimeOffset instant) =>
        InBangkok(instant).ToString(L.IsEnglish ? "d MMM yyyy HH:mm" : "d MMM yyyy HH:mm 'น.'", CultureInfo.CurrentCulture);

    public static string Short(DateTimeOffset? instant) => instant is { } value ? Short(value) : "–";

    /// <summary>"วันอังคารที่ 19 พฤศจิกายน 2562" / "Tuesday 19 November 2019".</summary>
    public static string Long(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        if (L.IsEnglish)
        {
            return date.ToString("dddd d MMMM yyyy", CultureInfo.CurrentCulture);
        }

        // th-TH names the day "วันอังคาร" on some platforms and "อังคาร" on others: say "วัน" once either way.
        var weekday = date.ToString("dddd", CultureInfo.CurrentCulture);
        return $"{(weekday.StartsWith("วัน", StringComparison.Ordinal) ? weekday : "วัน" + weekday)}ที่ {date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture)}";
    }

    /// <summary>A date as people type it in a form: day/month/B.E. year, "19/11/2562" (in English mode too: the year stays B.E.).</summary>
    public static string Typed(DateOnly day) =>
        $"{day.Day}/{day.Month}/{ThaiCalendar.BuddhistEra.FromCommonEra(day.Year)}";

    /// <summary>A time span as people read it: minutes under an hour, hours under two days, then days.</summary>
    public static string Duration(double? hours) => hours switch
    {
        null => "–",
        < 1 => L.T($"{Math.Max(1, Math.Round(hours.Value * 60))} นาที", $"{Math.Max(1, Math.Round(hours.Value * 60))} min"),
        < 48 => L.T($"{hours.Value.ToString("0.#", CultureInfo.InvariantCulture)} ชั่วโมง", $"{hours.Value.ToString("0.#", CultureInfo.InvariantCulture)} hours"),
        _ => L.T($"{(hours.Value / 24).ToString("0.#", CultureInfo.InvariantCulture)} วัน", $"{(hours.Value / 24).ToString("0.#", CultureInfo.InvariantCulture)} days"),
    };

    /// <summary>"19 พ.ย. 2562" / "19 Nov 2019".</summary>
    public static string Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Day(DateOnly? day) => day is { } value ? Day(value) : "–";

    /// <summary>The Thai fiscal year (B.E.) a Bangkok date falls in: 1 October – 30 September, named by the year it ends in.</summary>
    public static int FiscalYear(DateOnly day) => ThaiCalendar.FiscalYear.Containing(day).BuddhistEra;

    /// <summary>A B.E. year shown in the page's language: "2568" in Thai, "2568 (2025)" in English.</summary>
    public static string Year(int buddhistEra) => L.IsEnglish ? $"{buddhistEra} B.E. ({buddhistEra - 543})" : $"พ.ศ. {buddhistEra}";
}
