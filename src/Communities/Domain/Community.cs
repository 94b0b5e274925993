using Municipal.ServiceDefaults;
using System.Text.RegularExpressions;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Domain;

public enum CommunityStatus
{
    Active,
    Merged,
    Dissolved,
}

/// <summary>A registered community (ชุมชน) inside the municipality.</summary>
public sealed class Community
{
    private Community()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Unique, e.g. <c>KPP-01</c>.</summary>
    public string Code { get; private set; } = "";

    public string NameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    public string? Zone { get; private set; }

    public int? Households { get; private set; }

    public int? Population { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public CommunityStatus Status { get; private set; }

    public DateOnly? StatusDate { get; private set; }

    /// <summary>When <see cref="Status"/> is merged: the community it joined.</summary>
    public Guid? MergedInto { get; private set; }

    /// <summary>Optimistic concurrency: raised by every change.</summary>
    public int Version { get; private set; }

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    public CommunityDetails Details => new(Code, NameTh, NameEn, Zone, Households, Population, Location, Status, StatusDate, MergedInto);

    /// <param name="id">Given when the id must be known before registration (an import that refers to it); new otherwise.</param>
    public static Community Register(CommunityDetails details, DateTimeOffset now, Guid? id = null)
    {
        var community = new Community { Id = id ?? Guid.CreateVersion7(now), Version = 1 };
        community.Apply(details);
        return community;
    }

    /// <summary>Replaces the community's details; says whether anything changed.</summary>
    public bool Update(CommunityDetails details)
    {
        if (details.MergedInto == Id)
        {
            throw new ArgumentException("A community cannot be merged into itself.", nameof(details));
        }

        if (details == Details)
        {
            return false;
        }

        Apply(details);
        Version++;
        return true;
    }

    private void Apply(CommunityDetails details)
    {
        Code = details.Code;
        NameTh = details.NameTh;
        NameEn = details.NameEn;
        Zone = details.Zone;
        Households = details.Households;
        Population = details.Population;
        Latitude = details.Location?.Latitude;
        Longitude = details.Location?.Longitude;
        Status = details.Status;
        StatusDate = details.StatusDate;
        MergedInto = details.MergedInto;
    }
}

/// <summary>A community's details once validated.</summary>
public sealed record CommunityDetails(
    string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population, GeoPoint? Location,
    CommunityStatus Status, DateOnly? StatusDate, Guid? MergedInto);

/// <summary>A community as a caller writes it (JSON or a CSV row): validated into <see cref="CommunityDetails"/>.</summary>
public sealed partial record CommunityInput
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 200;
    public const int ZoneMaxLength = 50;
    public const int MaxCount = 1_000_000;

    public string? Code { get; init; }
    public string? NameTh { get; init; }
    public string? NameEn { get; init; }
    public string? Zone { get; init; }
    public int? Households { get; init; }
    public int? Population { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary><c>active</c> (default), <c>merged</c> or <c>dissolved</c>.</summary>
    public string? Status { get; init; }
    /// <summary>Since when the status holds (required for merged and dissolved).</summary>
    public DateOnly? StatusDate { get; init; }
    /// <summary>For a merged community: the id of the community it joined.</summary>
    public Guid? MergedInto { get; init; }

    public static bool TryParseStatus(string? code, out CommunityStatus status) =>
        Enum.TryParse(code?.Trim(), ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(code, out _);

    public static string CodeOf(CommunityStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Every problem by field (camelCase names); the details when there is none.</summary>
    public Dictionary<string, FieldError[]> Validate(out CommunityDetails? details)
    {
        details = null;
        var errors = new Dictionary<string, FieldError[]>();

        var code = Code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors["code"] = [FieldError.Required("Required, e.g. KPP-01.")];
        }
        else if (code.Length > CodeMaxLength || !CodePattern().IsMatch(code))
        {
            errors["code"] = [FieldError.BadFormat(FieldFormats.CommunityCode, $"A code has up to {CodeMaxLength} letters, digits and dashes, e.g. KPP-01.").With("max", CodeMaxLength)];
        }

        var nameTh = Text(NameTh, "nameTh", NameMaxLength, required: true, errors);
        var nameEn = Text(NameEn, "nameEn", NameMaxLength, required: false, errors);
        var zone = Text(Zone, "zone", ZoneMaxLength, required: false, errors);

        if (Households is < 0 or > MaxCount)
        {
            errors["households"] = [FieldError.OutOfRange(0, MaxCount, $"Between 0 and {MaxCount}.")];
        }

        if (Population is < 0 or > MaxCount)
        {
            errors["population"] = [FieldError.OutOfRange(0, MaxCount, $"Between 0 and {MaxCount}.")];
        }

        GeoPoint? location = null;
        if (Latitude is not null || Longitude is not null)
        {
            if (Latitude is not { } lat || Longitude is not { } lon)
            {
                errors["location"] = [FieldError.Rule(FieldErrorCodes.BothOrNeither, "Give both latitude and longitude, or neither.")];
            }
            else if (!MunicipalArea.Contains(new GeoPoint(lat, lon)))
            {
                errors["location"] = [FieldError.OutsideMunicipality(MunicipalArea.RadiusKm, $"The location is not inside the municipality (more than {MunicipalArea.RadiusKm} km from its centre). Check the coordinates.")];
            }
            else
            {
                location = new GeoPoint(lat, lon);
            }
        }

        var status = CommunityStatus.Active;
        if (!string.IsNullOrWhiteSpace(Status) && !TryParseStatus(Status, out status))
        {
            errors["status"] = [FieldError.NotOneOf(["active", "merged", "dissolved"], "Unknown status. Use active, merged or dissolved.")];
        }
        else if (status == CommunityStatus.Merged && MergedInto is null)
        {
            errors["mergedInto"] = [FieldError.Rule(FieldErrorCodes.NeededForStatus, "A merged community names the community it joined.").With("status", "merged")];
        }
        else if (status != CommunityStatus.Merged && MergedInto is not null)
        {
            errors["mergedInto"] = [FieldError.Rule(FieldErrorCodes.NotForStatus, "Only a merged community names the community it joined.").With("status", CodeOf(status))];
        }

        if (status != CommunityStatus.Active && StatusDate is null && !errors.ContainsKey("status"))
        {
            errors["statusDate"] = [FieldError.Rule(FieldErrorCodes.NeededForStatus, $"A {CodeOf(status)} community gives the date it was {CodeOf(status)}.").With("status", CodeOf(status))];
        }
        else if (StatusDate is { } date && CalendarDates.Problem(date) is { } dateProblem)
        {
            errors["statusDate"] = [dateProblem];
        }

        if (errors.Count == 0)
        {
            details = new CommunityDetails(code!, nameTh!, nameEn, zone, Households, Population, location, status, StatusDate, MergedInto);
        }

        return errors;
    }

    private static string? Text(string? value, string field, int maxLength, bool required, Dictionary<string, FieldError[]> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            if (required)
            {
                errors[field] = [FieldError.Required("Required.")];
            }
        }
        else if (text.Length > maxLength)
        {
            errors[field] = [FieldError.TooLong(maxLength, $"At most {maxLength} characters.")];
        }
        else if (text.Any(char.IsControl))
        {
            errors[field] = [FieldError.Rule(FieldErrorCodes.ControlCharacters, "Control characters (line breaks, tabs) are not allowed here.")];
        }

        return text;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]*$")]
    private static partial Regex CodePattern();
}
