namespace Municipal.Communities.Domain;

/// <summary>A division of the municipality (กอง / ส่วนการงาน), e.g. Public Works. Requests are routed to one; a division head heads it.</summary>
public sealed class Division
{
    private Division()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>A code of the shared vocabulary, e.g. <c>public-works</c>.</summary>
    public string Code { get; private set; } = "";

    public string NameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    public int Version { get; private set; }

    public static Division Register(string code, string nameTh, string? nameEn, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Code = code,
        NameTh = nameTh,
        NameEn = nameEn,
        Version = 1,
    };
}

/// <summary>The divisions every service knows by code (<c>docs/architecture.md</c>, "Shared vocabulary").</summary>
public static class DivisionCatalogue
{
    public static readonly IReadOnlyList<(string Code, string NameTh, string NameEn)> Founding =
    [
        ("clerk-office", "สำนักปลัดเทศบาล", "Office of the Municipal Clerk"),
        ("public-works", "กองช่าง", "Public Works Division"),
        ("public-health", "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment Division"),
        ("finance", "กองคลัง", "Finance Division"),
        ("education", "กองการศึกษา", "Education Division"),
        ("social-welfare", "กองสวัสดิการสังคม", "Social Welfare Division"),
        ("strategy", "กองยุทธศาสตร์และงบประมาณ", "Strategy and Budget Division"),
        ("water-supply", "กองการประปา", "Water Supply Division"),
    ];
}
