namespace Municipal.Requests.Domain.Plan;

/// <summary>A local development plan (แผนพัฒนาท้องถิ่น): five fiscal years, e.g. B.E. 2566–2570.</summary>
public sealed class PlanPeriod
{
    public const int Years = 5;
    public const int TitleMaxLength = 300;

    private PlanPeriod()
    {
    }

    public Guid Id { get; private set; }

    public int FirstYear { get; private set; }

    public int LastYear { get; private set; }

    public string Title { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public bool Contains(int fiscalYear) => fiscalYear >= FirstYear && fiscalYear <= LastYear;

    public bool Overlaps(int firstYear) => firstYear <= LastYear && firstYear + Years - 1 >= FirstYear;

    public static string DefaultTitle(int firstYear) => $"แผนพัฒนาท้องถิ่น (พ.ศ. {firstYear}–{firstYear + Years - 1})";

    public static PlanPeriod Create(int firstYear, string? title, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        FirstYear = firstYear,
        LastYear = firstYear + Years - 1,
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(firstYear) : title.Trim(),
        CreatedAt = now,
    };
}
