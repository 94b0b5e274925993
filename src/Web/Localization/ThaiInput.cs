using System.Globalization;
using Municipal.ThaiCalendar;

namespace Municipal.Web.Localization;

/// <summary>
/// Years and dates as people type them in the forms: always in the Buddhist Era (B.E. = C.E. + 543), in Thai or
/// Arabic digits. A year that looks like the other calendar is refused with the year meant, never silently taken.
/// </summary>
public static class ThaiInput
{
    public enum Outcome
    {
        Ok,
        Empty,
        NotAYear,
        CommonEra,
        OutOfRange,
        NotADate,
    }

    /// <summary>Reads a B.E. year ("2569", "๒๕๖๙").</summary>
    public static Outcome Year(string? text, out int year)
    {
        year = 0;
        var digits = Digits(text);
        if (digits.Length == 0)
        {
            return Outcome.Empty;
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out year) || digits.Length != 4)
        {
            return Outcome.NotAYear;
        }

        return year switch
        {
            >= BuddhistEra.EarliestYear and <= BuddhistEra.LatestYear => Outcome.Ok,
            >= 1900 and < 2200 => Outcome.CommonEra,
            _ => Outcome.OutOfRange,
        };
    }

    /// <summary>Reads a date typed day/month/B.E. year ("19/11/2562", "19-11-2562", "19 11 2562"); the date is C.E.</summary>
    public static Outcome Date(string? text, out DateOnly date)
    {
        date = default;
        var cleaned = (text ?? "").Trim();
        if (cleaned.Length == 0)
        {
            return Outcome.Empty;
        }

        var parts = new string(cleaned.Select(c => c is >= '\u0E50' and <= '\u0E59' ? (char)('0' + (c - '\u0E50')) : c).ToArray())
            .Split(['/', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts.All(p => p.All(char.IsAsciiDigit))
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var day) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var month))
        {
            return Outcome.NotADate;
        }

        var yearOutcome = Year(parts[2], out var year);
        if (yearOutcome != Outcome.Ok)
        {
            return yearOutcome == Outcome.Empty ? Outcome.NotADate : yearOutcome;
        }

        var ce = BuddhistEra.ToCommonEra(year);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(ce, month))
        {
            return Outcome.NotADate;
        }

        date = new DateOnly(ce, month, day);
        return Outcome.Ok;
    }

    /// <summary>What to tell a person about a year that is not one, or null when it is.</summary>
    public static string? YearMessage(Outcome outcome, string? typed, bool required) => outcome switch
    {
        Outcome.Ok => null,
        Outcome.Empty => required ? L.T("โปรดกรอกปี พ.ศ. เช่น 2569", "Give the year in B.E., e.g. 2569.") : null,
        Outcome.CommonEra => CommonEra(typed),
        Outcome.OutOfRange => L.T($"ปี พ.ศ. อยู่ระหว่าง {BuddhistEra.EarliestYear} ถึง {BuddhistEra.LatestYear}",
            $"A B.E. year from {BuddhistEra.EarliestYear} to {BuddhistEra.LatestYear}."),
        _ => L.T("ปีเป็นตัวเลข 4 หลัก (พ.ศ.) เช่น 2569", "A year is 4 digits (B.E.), e.g. 2569."),
    };

    /// <summary>What to tell a person about a date that is not one, or null when it is.</summary>
    public static string? DateMessage(Outcome outcome, string? typed, bool required) => outcome switch
    {
        Outcome.Ok => null,
        Outcome.Empty => required ? L.T("โปรดกรอกวันที่ เช่น 19/11/2562", "Give the date, e.g. 19/11/2562.") : null,
        Outcome.CommonEra => CommonEra(YearOf(typed)),
        Outcome.OutOfRange => L.T($"ปี พ.ศ. อยู่ระหว่าง {BuddhistEra.EarliestYear} ถึง {BuddhistEra.LatestYear}",
            $"A B.E. year from {BuddhistEra.EarliestYear} to {BuddhistEra.LatestYear}."),
        _ => L.T("วันที่ไม่ถูกต้อง กรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 19/11/2562", "Not a date: day/month/B.E. year, e.g. 19/11/2562."),
    };

    private static string CommonEra(string? typed)
    {
        var year = int.TryParse(Digits(typed), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        return L.T($"ปี {year} เป็นปี ค.ศ. โปรดกรอกปี พ.ศ. ({BuddhistEra.FromCommonEra(year)})",
            $"{year} is a Common Era year: give the Buddhist Era year ({BuddhistEra.FromCommonEra(year)}).");
    }

    private static string? YearOf(string? typed) =>
        (typed ?? "").Split(['/', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

    private static string Digits(string? text) =>
        new((text ?? "").Trim().Select(c => c is >= '\u0E50' and <= '\u0E59' ? (char)('0' + (c - '\u0E50')) : c).Where(c => !char.IsWhiteSpace(c)).ToArray());
}
