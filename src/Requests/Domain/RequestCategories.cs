namespace Municipal.Requests.Domain;

/// <summary>
/// A kind of problem a community can raise (ถนน, ท่อระบายน้ำ…), the division it is routed to, and the
/// service levels the municipality promises for it. Stored as data: the names and targets may be edited;
/// the codes are the shared vocabulary.
/// </summary>
public sealed class RequestCategory
{
    private RequestCategory()
    {
    }

    public RequestCategory(string code, string nameTh, string nameEn, string divisionCode, int firstResponseHours, int resolutionDays, int sortOrder)
    {
        Code = code;
        NameTh = nameTh;
        NameEn = nameEn;
        DivisionCode = divisionCode;
        FirstResponseHours = firstResponseHours;
        ResolutionDays = resolutionDays;
        SortOrder = sortOrder;
    }

    public string Code { get; private set; } = "";

    public string NameTh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    /// <summary>The division responsible by default, e.g. <c>public-works</c>.</summary>
    public string DivisionCode { get; private set; } = "";

    /// <summary>Target time from submission to the first response (triage, or a reasoned rejection).</summary>
    public int FirstResponseHours { get; private set; }

    /// <summary>Target time from submission to resolution, for work the division can do without new budget.</summary>
    public int ResolutionDays { get; private set; }

    public int SortOrder { get; private set; }

    public DateTimeOffset FirstResponseDue(DateTimeOffset submittedAt) => submittedAt.AddHours(FirstResponseHours);

    public DateTimeOffset ResolutionDue(DateTimeOffset submittedAt) => submittedAt.AddDays(ResolutionDays);
}

/// <summary>The category codes (shared vocabulary) and the categories a new database starts with.</summary>
public static class RequestCategories
{
    public static readonly IReadOnlyList<RequestCategory> Defaults =
    [
        new("road", "ถนนและทางเท้า", "Roads and footpaths", "public-works", 48, 30, 1),
        new("drainage", "ท่อระบายน้ำและทางระบายน้ำ", "Drainage and sewers", "public-works", 48, 30, 2),
        new("tree", "ต้นไม้", "Trees", "public-health", 48, 14, 3),
        new("lighting", "ไฟฟ้าส่องสว่าง", "Street lighting", "public-works", 24, 7, 4),
        new("waste", "ขยะและความสะอาด", "Waste and cleanliness", "public-health", 24, 3, 5),
        new("flooding", "น้ำท่วมขัง", "Flooding", "public-works", 12, 7, 6),
        new("water", "น้ำประปา", "Water supply", "water-supply", 24, 7, 7),
        new("other", "อื่น ๆ", "Other", "clerk-office", 72, 30, 8),
    ];

    public static readonly IReadOnlySet<string> Codes = Defaults.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);
}
