namespace Municipal.Scheduling.Domain;

/// <summary>
/// A Thai fiscal year (ปีงบประมาณ): 1 October to 30 September, named by the Buddhist-Era year it ends in.
/// FY 2563 runs from 1 October 2019 to 30 September 2020.
/// </summary>
public readonly record struct FiscalYear
{
    public const int BuddhistEraOffset = 543;
    public const int Earliest = 2500;
    public const int Latest = 2700;

    public FiscalYear(int buddhistEra)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buddhistEra, Earliest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buddhistEra, Latest);
        BuddhistEra = buddhistEra;
    }

    public int BuddhistEra { get; }

    /// <summary>The Gregorian year the fiscal year ends in.</summary>
    public int EndingYearCe => BuddhistEra - BuddhistEraOffset;

    public DateOnly FirstDay => new(EndingYearCe - 1, 10, 1);

    public DateOnly LastDay => new(EndingYearCe, 9, 30);

    public static bool IsValid(int buddhistEra) => buddhistEra is >= Earliest and <= Latest;

    public static FiscalYear Containing(DateOnly date) => new((date.Month >= 10 ? date.Year + 1 : date.Year) + BuddhistEraOffset);

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public string Label(Language language) => language == Language.Th
        ? $"ปีงบประมาณ {BuddhistEra}"
        : $"Fiscal year {BuddhistEra} B.E. ({FirstDay:d MMM yyyy} – {LastDay:d MMM yyyy})";
}
