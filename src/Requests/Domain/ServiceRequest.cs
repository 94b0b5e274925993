using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>A problem or need a community raised (คำร้อง), tracked until it is fixed or enters the development plan.</summary>
public sealed class ServiceRequest
{
    private ServiceRequest()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The number people quote on the phone, e.g. <c>R2569-0A1B2C</c>.</summary>
    public string Number { get; private set; } = "";

    public Guid CommunityId { get; private set; }

    public string Category { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public RequestChannel Channel { get; private set; }

    /// <summary>The sign-in subject of whoever submitted it.</summary>
    public string? SubmitterSubject { get; private set; }

    public RequestStatus Status { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public static ServiceRequest Submit(RequestSubmission submission, RequestChannel channel, string? submitterSubject, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new ServiceRequest
        {
            Id = id,
            Number = NumberFor(id, now),
            CommunityId = submission.CommunityId,
            Category = submission.Category,
            Title = submission.Title.Trim(),
            Description = submission.Description.Trim(),
            Latitude = submission.Location?.Latitude,
            Longitude = submission.Location?.Longitude,
            Channel = channel,
            SubmitterSubject = submitterSubject,
            Status = RequestStatus.Submitted,
            SubmittedAt = now,
        };
    }

    /// <summary>R + the Thai fiscal year (B.E.) + the random tail of the id: short, unique, and tells the year.</summary>
    private static string NumberFor(Guid id, DateTimeOffset now)
    {
        var bangkok = now.ToOffset(TimeSpan.FromHours(7));
        var fiscalYearBe = (bangkok.Month >= 10 ? bangkok.Year + 1 : bangkok.Year) + 543;
        return $"R{fiscalYearBe}-{id.ToString("N")[^8..].ToUpperInvariant()}";
    }
}

/// <summary>What a submitter sends. Validated by <see cref="Validate"/> before anything is stored.</summary>
public sealed record RequestSubmission
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    public Guid CommunityId { get; init; }
    public string Category { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public GeoPoint? Location { get; init; }

    /// <summary>Every problem with the submission, by field; empty when it is acceptable.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (CommunityId == Guid.Empty)
        {
            errors["communityId"] = ["A community is required."];
        }

        if (!RequestCategories.IsKnown(Category))
        {
            errors["category"] = [$"Unknown category. Use one of: {string.Join(", ", RequestCategories.Codes)}."];
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = ["A title is required."];
        }
        else if (Title.Trim().Length > TitleMaxLength)
        {
            errors["title"] = [$"The title may have at most {TitleMaxLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(Description))
        {
            errors["description"] = ["A description is required."];
        }
        else if (Description.Length > DescriptionMaxLength)
        {
            errors["description"] = [$"The description may have at most {DescriptionMaxLength} characters."];
        }

        if (Location is { } point && !MunicipalArea.Contains(point))
        {
            errors["location"] = [$"The location is not inside the municipality (more than {MunicipalArea.RadiusKm} km from its centre). Check the coordinates."];
        }

        return errors;
    }
}
