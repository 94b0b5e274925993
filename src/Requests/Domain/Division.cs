namespace Municipal.Requests.Domain;

/// <summary>
/// A division of the municipality requests are routed to (read copy). Seeded with the shared vocabulary,
/// kept up to date from <c>DivisionRegistered</c>.
/// </summary>
public sealed class Division
{
    private Division()
    {
    }

    public Division(string code, string nameTh, string? nameEn, Guid? divisionId, DateTimeOffset updatedAt)
    {
        Code = code;
        NameTh = nameTh;
        NameEn = nameEn;
        DivisionId = divisionId;
        UpdatedAt = updatedAt;
    }

    public string Code { get; private set; } = "";

    public Guid? DivisionId { get; private set; }

    public string NameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Takes the registry's newer state; an older event arriving late changes nothing.</summary>
    public bool Update(Guid divisionId, string nameTh, string? nameEn, DateTimeOffset occurredAt)
    {
        if (DivisionId is not null && occurredAt < UpdatedAt)
        {
            return false;
        }

        DivisionId = divisionId;
        NameTh = nameTh;
        NameEn = nameEn;
        UpdatedAt = occurredAt;
        return true;
    }

    /// <summary>The divisions of the shared vocabulary, known before the registry announces them.</summary>
    public static IReadOnlyList<(string Code, string NameTh, string NameEn)> Vocabulary { get; } =
    [
        ("clerk-office", "สำนักปลัดเทศบาล", "Office of the Municipal Clerk"),
        ("public-works", "กองช่าง", "Public Works"),
        ("public-health", "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment"),
        ("finance", "กองคลัง", "Finance"),
        ("education", "กองการศึกษา", "Education"),
        ("social-welfare", "กองสวัสดิการสังคม", "Social Welfare"),
        ("strategy", "กองยุทธศาสตร์และงบประมาณ", "Strategy and Budget"),
        ("water-supply", "กองการประปา", "Water Supply"),
    ];
}
