using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Domain;

/// <summary>A problem or need a community raised at a session, recorded in the minutes; Requests turns it into a request.</summary>
public sealed class RaisedIssue
{
    private RaisedIssue()
    {
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid CommunityId { get; private set; }

    public string Category { get; private set; } = "";

    public string Description { get; private set; } = "";

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public string? RecordedBySubject { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public static RaisedIssue Record(Guid sessionId, IssueSubmission submission, string? by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SessionId = sessionId,
        CommunityId = submission.CommunityId,
        Category = submission.Category,
        Description = submission.Description.Trim(),
        Latitude = submission.Location?.Latitude,
        Longitude = submission.Location?.Longitude,
        RecordedBySubject = by,
        RaisedAt = now,
    };
}

/// <summary>What staff note down when a community raises a problem at a session.</summary>
public sealed record IssueSubmission
{
    public const int DescriptionMaxLength = 4000;

    /// <summary>The request categories of the shared vocabulary.</summary>
    public static readonly IReadOnlyList<string> Categories = ["road", "drainage", "tree", "lighting", "waste", "flooding", "water", "other"];

    public Guid CommunityId { get; init; }
    public string Category { get; init; } = "";
    public string Description { get; init; } = "";
    public GeoPoint? Location { get; init; }

    public Dictionary<string, FieldError[]> Validate()
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (CommunityId == Guid.Empty)
        {
            errors["communityId"] = [FieldError.Required("The community that raised it is required.")];
        }

        if (Category is null || !Categories.Contains(Category, StringComparer.Ordinal))
        {
            errors["category"] = [FieldError.NotOneOf(Categories, $"Unknown category. Use one of: {string.Join(", ", Categories)}.")];
        }

        if (string.IsNullOrWhiteSpace(Description))
        {
            errors["description"] = [FieldError.Required("A description is required.")];
        }
        else if (Description.Length > DescriptionMaxLength)
        {
            errors["description"] = [FieldError.TooLong(DescriptionMaxLength, $"The description may have at most {DescriptionMaxLength} characters.")];
        }

        if (Location is { } point && !MunicipalArea.Contains(point))
        {
            errors["location"] = [FieldError.OutsideMunicipality(MunicipalArea.RadiusKm, $"The location is not inside the municipality (more than {MunicipalArea.RadiusKm} km from its centre). Check the coordinates.")];
        }

        return errors;
    }
}
