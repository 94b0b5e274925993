namespace Municipal.Requests.Domain;

/// <summary>
/// The Thai fiscal year (ปีงบประมาณ): 1 October to 30 September in Bangkok time, named by the
/// Buddhist Era year it ends in. FY 2563 runs from 1 Oct 2019 to 30 Sep 2020.
/// </summary>
public static class FiscalYear
{
    public static readonly TimeSpan BangkokOffset = TimeSpan.FromHours(7);

    /// <summary>B.E. = C.E. + 543.</summary>
    public const int BuddhistEraOffset = 543;

    /// <summary>The fiscal years this system accepts as input: anything else is a typo (e.g. a C.E. year).</summary>
    public const int Earliest = 2540;
    public const int Latest = 2700;

    public static int Of(DateTimeOffset instant)
    {
        var local = instant.ToOffset(BangkokOffset);
        return (local.Month >= 10 ? local.Year + 1 : local.Year) + BuddhistEraOffset;
    }

    /// <summary>The first instant of the fiscal year and the first instant after it.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(int fiscalYearBe)
    {
        var endsInCe = fiscalYearBe - BuddhistEraOffset;
        var start = new DateTimeOffset(endsInCe - 1, 10, 1, 0, 0, 0, BangkokOffset);
        var end = new DateTimeOffset(endsInCe, 10, 1, 0, 0, 0, BangkokOffset);
        return (start.ToUniversalTime(), end.ToUniversalTime());
    }

    public static bool IsPlausible(int fiscalYearBe) => fiscalYearBe is >= Earliest and <= Latest;
}
