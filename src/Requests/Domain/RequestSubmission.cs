using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Domain;

/// <summary>The resident behind a phoned-in request, as staff took it down. Personal data.</summary>
public sealed record ContactSubmission
{
    public const int NameMaxLength = 200;

    public string? Name { get; init; }
    public string? Phone { get; init; }

    /// <summary>The registry's id of the person, when staff know it (so an erasure reaches this request).</summary>
    public Guid? PersonId { get; init; }
}

/// <summary>What a submitter sends. Validated by <see cref="Validate"/> before anything is stored.</summary>
public sealed record RequestSubmission
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    /// <summary>The channels someone may name when submitting through the API.</summary>
    public static readonly IReadOnlyList<string> SubmittableChannels = ["web", "mobile", "phone"];

    /// <summary>Required from the API; Open311 and LINE may leave it out for an address-only request (staff place it).</summary>
    public Guid? CommunityId { get; init; }
    public string Category { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public GeoPoint? Location { get; init; }

    /// <summary>Where it is, in words (optional).</summary>
    public string? AddressText { get; init; }

    /// <summary><c>web</c> (default), <c>mobile</c>, or <c>phone</c> (staff taking a call, with <see cref="Submitter"/>).</summary>
    public string? Channel { get; init; }

    /// <summary>Only for phoned-in requests: the resident who called.</summary>
    public ContactSubmission? Submitter { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public RequestChannel ChannelOrDefault => Channel?.Trim().ToLowerInvariant() switch
    {
        "mobile" => RequestChannel.Mobile,
        "phone" => RequestChannel.Phone,
        _ => RequestChannel.Web,
    };

    /// <summary>Every problem with the submission, by field; empty when it is acceptable.</summary>
    /// <param name="unplacedAllowed">An address alone may do instead of a community and a point (Open311, LINE).</param>
    public Dictionary<string, FieldError[]> Validate(bool unplacedAllowed = false)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (CommunityId is null || CommunityId == Guid.Empty)
        {
            if (!unplacedAllowed)
            {
                errors["communityId"] = [FieldError.Required("A community is required.")];
            }
            else if (Location is null && string.IsNullOrWhiteSpace(AddressText))
            {
                errors["location"] = [FieldError.Required("A location is required: a point, or the address in words.")];
            }
        }

        if (!RequestCategories.IsKnown(Category))
        {
            errors["category"] = [FieldError.NotOneOf(RequestCategories.Codes, $"Unknown category. Use one of: {string.Join(", ", RequestCategories.Codes)}.")];
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = [FieldError.Required("A title is required.")];
        }
        else if (Title.Trim().Length > TitleMaxLength)
        {
            errors["title"] = [FieldError.TooLong(TitleMaxLength, $"The title may have at most {TitleMaxLength} characters.")];
        }

        if (string.IsNullOrWhiteSpace(Description))
        {
            errors["description"] = [FieldError.Required("A description is required.")];
        }
        else if (Description.Trim().Length > DescriptionMaxLength)
        {
            errors["description"] = [FieldError.TooLong(DescriptionMaxLength, $"The description may have at most {DescriptionMaxLength} characters.")];
        }

        if (Location is { } point && !MunicipalArea.Contains(point))
        {
            errors["location"] = [FieldError.OutsideMunicipality(MunicipalArea.RadiusKm, $"The location is not inside the municipality (more than {MunicipalArea.RadiusKm} km from its centre). Check the coordinates.")];
        }

        if (AddressText is { } address && address.Trim().Length > ServiceRequest.AddressMaxLength)
        {
            errors["addressText"] = [FieldError.TooLong(ServiceRequest.AddressMaxLength, $"The address may have at most {ServiceRequest.AddressMaxLength} characters.")];
        }

        if (Channel is { } channel && !SubmittableChannels.Contains(channel.Trim().ToLowerInvariant()))
        {
            errors["channel"] = [FieldError.NotOneOf(SubmittableChannels, $"Use one of: {string.Join(", ", SubmittableChannels)} (meeting and Open311 requests arrive their own way).")];
        }

        if (ChannelOrDefault == RequestChannel.Phone)
        {
            if (string.IsNullOrWhiteSpace(Submitter?.Name))
            {
                errors["submitter.name"] = [FieldError.Required("A phoned-in request needs the caller's name.")];
            }
            else if (Submitter.Name.Trim().Length > ContactSubmission.NameMaxLength)
            {
                errors["submitter.name"] = [FieldError.TooLong(ContactSubmission.NameMaxLength, $"The name may have at most {ContactSubmission.NameMaxLength} characters.")];
            }

            if (PersonalData.NormalizeThaiPhone(Submitter?.Phone) is null)
            {
                errors["submitter.phone"] = [string.IsNullOrWhiteSpace(Submitter?.Phone)
                    ? FieldError.Required("A phoned-in request needs the caller's Thai phone number, e.g. 081-234-5678.")
                    : FieldError.BadFormat(FieldFormats.ThaiPhone, "A phoned-in request needs the caller's Thai phone number, e.g. 081-234-5678.")];
            }
        }
        else if (Submitter is not null)
        {
            errors["submitter"] = [FieldError.Rule(FieldErrorCodes.OnlyForPhoneIntake, "Only a phoned-in request (channel \"phone\") names a submitter: otherwise it is whoever is signed in.")];
        }

        return errors;
    }

    /// <summary>The submitter of a valid phoned-in request.</summary>
    public Submitter PhoneSubmitter() => new(null, Submitter?.PersonId, Submitter?.Name?.Trim(), PersonalData.NormalizeThaiPhone(Submitter?.Phone));

    /// <summary>The community, or null for an address-only request that staff are yet to place.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? PlacedIn => CommunityId is { } id && id != Guid.Empty ? id : null;
}
