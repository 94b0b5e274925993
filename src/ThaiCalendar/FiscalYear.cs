namespace Municipal.ThaiCalendar;

/// <summary>
/// A Thai fiscal year (ปีงบประมาณ): 1 October to 30 September in Bangkok time, named by the Buddhist-Era year
/// it ends in. FY 2563 runs from 1 October 2019 to 30 September 2020.
/// </summary>
public readonly record struct FiscalYear
{
    public FiscalYear(int buddhistEra)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buddhistEra, ThaiCalendar.BuddhistEra.EarliestYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buddhistEra, ThaiCalendar.BuddhistEra.LatestYear);
        BuddhistEra = buddhistEra;
    }

    /// <summary>The B.E. year the fiscal year ends in: its name.</summary>
    public int BuddhistEra { get; }

    /// <summary>The Gregorian year the fiscal year ends in.</summary>
    public int EndingYearCe => ThaiCalendar.BuddhistEra.ToCommonEra(BuddhistEra);

    public DateOnly FirstDay => new(EndingYearCe - 1, 10, 1);

    public DateOnly LastDay => new(EndingYearCe, 9, 30);

    /// <summary>The first instant of the fiscal year (UTC).</summary>
    public DateTimeOffset Start => BangkokTime.StartOf(FirstDay);

    /// <summary>The first instant after the fiscal year (UTC).</summary>
    public DateTimeOffset End => BangkokTime.StartOf(LastDay.AddDays(1));

    public static bool IsValid(int buddhistEra) => ThaiCalendar.BuddhistEra.IsPlausibleYear(buddhistEra);

    public static FiscalYear Containing(DateOnly date) =>
        new(ThaiCalendar.BuddhistEra.FromCommonEra(date.Month >= 10 ? date.Year + 1 : date.Year));

    /// <summary>The fiscal year an instant falls in, by the Bangkok calendar.</summary>
    public static FiscalYear Of(DateTimeOffset instant) => Containing(BangkokTime.DateOf(instant));

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary><c>ปีงบประมาณ 2563</c>.</summary>
    public string LabelTh => $"ปีงบประมาณ {BuddhistEra}";

    /// <summary><c>Fiscal year 2563 B.E. (1 Oct 2019 – 30 Sep 2020)</c>.</summary>
    public string LabelEn => FormattableString.Invariant($"Fiscal year {BuddhistEra} B.E. ({FirstDay:d MMM yyyy} – {LastDay:d MMM yyyy})");

    public override string ToString() => BuddhistEra.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
