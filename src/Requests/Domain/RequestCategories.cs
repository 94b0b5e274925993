namespace Municipal.Requests.Domain;

/// <summary>The kinds of problem a community can raise, and the division each goes to.</summary>
public static class RequestCategories
{
    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.Ordinal)
    {
        "road", "drainage", "tree", "lighting", "waste", "flooding", "water", "other",
    };

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);
}
