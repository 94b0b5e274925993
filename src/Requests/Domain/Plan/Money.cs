namespace Municipal.Requests.Domain.Plan;

/// <summary>
/// Thai baht, kept as whole satang (1/100 baht) in a 64-bit integer: exact, and it compares, sums and
/// sorts in SQL on every provider (SQLite has no decimal type).
/// </summary>
public static class Money
{
    /// <summary>A ceiling well above any municipal project (one hundred billion baht), to catch typos.</summary>
    public const decimal MaxBaht = 100_000_000_000m;

    public static bool TryToSatang(decimal baht, out long satang)
    {
        satang = 0;
        if (baht < 0 || baht > MaxBaht || decimal.Round(baht, 2) != baht)
        {
            return false;
        }

        satang = (long)(baht * 100);
        return true;
    }

    public static decimal ToBaht(long satang) => satang / 100m;
}
