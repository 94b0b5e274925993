using Municipal.ServiceDefaults.Problems;
using Municipal.ThaiCalendar;

namespace Municipal.Edge;

/// <summary>
/// Years and dates as a request gives them, refused in the other calendar with a field error that says which was
/// expected (<see cref="FieldErrorCodes.WrongCalendar"/>): a year people type (a fiscal year, a plan's first year)
/// is B.E.; a date in the API (<c>yyyy-MM-dd</c>) is ISO 8601, C.E. Reads use these as writes do, so
/// <c>?fiscalYear=2026</c> or <c>?asOf=2567-06-01</c> is a 400 instead of an empty list.
/// </summary>
public static class CalendarInput
{
    /// <summary>Why a B.E. year is not one, or null when it is.</summary>
    public static FieldError? YearProblem(int yearBe) => BuddhistEra.ProblemWithYear(yearBe) is not { } message
        ? null
        : yearBe is >= 1900 and < BuddhistEra.EarliestYear - BuddhistEra.Offset + 200
            ? FieldError.WrongCalendar(FieldCalendars.BuddhistEra, BuddhistEra.FromCommonEra(yearBe), message)
            : FieldError.OutOfRange(BuddhistEra.EarliestYear, BuddhistEra.LatestYear, message);

    /// <summary>Why an ISO date is not a C.E. date, or null when it looks right.</summary>
    public static FieldError? DateProblem(DateOnly date) => BuddhistEra.ProblemWithIsoDate(date) is { } message
        ? FieldError.WrongCalendar(FieldCalendars.CommonEra, BuddhistEra.ToCommonEra(date.Year), message)
        : null;

    /// <summary>A year filter of a read: nothing, or a plausible B.E. year; a 400 naming <paramref name="field"/> otherwise.</summary>
    public static Refusal? CheckYear(string field, int? yearBe) =>
        yearBe is { } year && YearProblem(year) is { } problem ? Refusal.Invalid(field, problem, "The filter is not valid.") : null;

    /// <summary>A date filter of a read: nothing, or a C.E. date; a 400 naming <paramref name="field"/> otherwise.</summary>
    public static Refusal? CheckDate(string field, DateOnly? date) =>
        date is { } day && DateProblem(day) is { } problem ? Refusal.Invalid(field, problem, "The filter is not valid.") : null;
}
