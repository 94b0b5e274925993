using System.Globalization;

namespace Municipal.ThaiCalendar;

/// <summary>
/// The Buddhist Era (พ.ศ.) that Thai people date by: B.E. = C.E. + 543. The API exchanges dates in the Common
/// Era (ISO 8601); years that people type — fiscal years, report years — are B.E., and a read or write that takes
/// one refuses the other calendar with a message saying which was expected.
/// </summary>
public static class BuddhistEra
{
    public const int Offset = 543;

    /// <summary>B.E. years this system accepts as input (2500 = 1957 C.E.); below that, a C.E. year was typed.</summary>
    public const int EarliestYear = 2500;

    public const int LatestYear = 2700;

    /// <summary>C.E. years this system accepts in ISO dates; from <see cref="FirstYearThatLooksBuddhist"/> on, a B.E. year was typed.</summary>
    public const int FirstYearThatLooksBuddhist = 2400;

    public static int FromCommonEra(int yearCe) => yearCe + Offset;

    public static int ToCommonEra(int yearBe) => yearBe - Offset;

    /// <summary>Whether a year is a plausible B.E. year (not a C.E. year typed by mistake).</summary>
    public static bool IsPlausibleYear(int yearBe) => yearBe is >= EarliestYear and <= LatestYear;

    /// <summary>What to tell a person who gave a year in the wrong calendar, or null when it is a plausible B.E. year.</summary>
    public static string? ProblemWithYear(int yearBe) => yearBe switch
    {
        >= EarliestYear and <= LatestYear => null,
        >= 1900 and < EarliestYear - Offset + 200 =>
            $"{yearBe} looks like a Common Era year: give the Buddhist Era year ({FromCommonEra(yearBe)} for {yearBe}).",
        _ => $"A year is a Buddhist Era year from {EarliestYear} to {LatestYear}.",
    };

    /// <summary>What to tell a person who gave an ISO (C.E.) date with a B.E. year, or null when it looks right.</summary>
    public static string? ProblemWithIsoDate(DateOnly date) => date.Year >= FirstYearThatLooksBuddhist
        ? $"{date:yyyy-MM-dd} looks like a Buddhist Era year: dates are ISO 8601 in the Common Era ({ToCommonEra(date.Year)} for B.E. {date.Year})."
        : null;

    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");

    /// <summary>A date as Thai people write it: <c>1 ตุลาคม 2568</c>.</summary>
    public static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", Thai);

    /// <summary>A short Thai date: <c>1 ต.ค. 2568</c>.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("d MMM yyyy", Thai);

    /// <summary>An instant as a Thai date and Bangkok time: <c>19 พ.ย. 2562 09:00</c>.</summary>
    public static string ShortDateTime(DateTimeOffset instant) => BangkokTime.ToLocal(instant).ToString("d MMM yyyy HH:mm", Thai);
}
