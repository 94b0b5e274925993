using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Domain;

/// <summary>A training or meeting programme (โครงการ) for one Thai fiscal year, made of sessions.</summary>
public sealed class Programme
{
    public const int TitleMaxLength = 300;

    private Programme()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The fiscal year in the Buddhist Era, e.g. 2563.</summary>
    public int FiscalYear { get; private set; }

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>Office codes whose current holders are invited, e.g. <c>president</c>, <c>council-member</c>.</summary>
    public List<string> TargetRoles { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBySubject { get; private set; }

    public ThaiCalendar.FiscalYear Year => new(FiscalYear);

    public static Programme Create(ProgrammeDraft draft, string? createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        FiscalYear = draft.FiscalYear,
        Title = draft.Title.Trim(),
        Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim(),
        TargetRoles = draft.TargetRoles.Distinct(StringComparer.Ordinal).ToList(),
        CreatedAt = now,
        CreatedBySubject = createdBy,
    };
}

/// <summary>What staff send to create a programme.</summary>
public sealed record ProgrammeDraft
{
    public int FiscalYear { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<string> TargetRoles { get; init; } = [];

    public Dictionary<string, FieldError[]> Validate()
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (Municipal.Edge.CalendarInput.YearProblem(FiscalYear) is { } yearProblem)
        {
            errors["fiscalYear"] = [yearProblem];
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = [FieldError.Required("A title is required.")];
        }
        else if (Title.Trim().Length > Programme.TitleMaxLength)
        {
            errors["title"] = [FieldError.TooLong(Programme.TitleMaxLength, $"The title may have at most {Programme.TitleMaxLength} characters.")];
        }

        if (Description is { Length: > 4000 })
        {
            errors["description"] = [FieldError.TooLong(4000, "The description may have at most 4000 characters.")];
        }

        if (TargetRoles is null || TargetRoles.Count == 0)
        {
            errors["targetRoles"] = [FieldError.Required($"Name at least one target group. Use office codes: {string.Join(", ", OfficeSeniority.Ordered)}.")];
        }
        else if (TargetRoles.FirstOrDefault(r => !OfficeSeniority.IsKnown(r)) is { } unknown)
        {
            errors["targetRoles"] = [FieldError.NotOneOf(OfficeSeniority.Ordered, $"Unknown office '{unknown}'. Use: {string.Join(", ", OfficeSeniority.Ordered)}.")];
        }

        return errors;
    }
}
