using Municipal.ServiceDefaults;

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

    public static Community Register(string code, string nameTh, string? nameEn, string? zone,
        int? households, int? population, GeoPoint? location, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Code = code.Trim(),
        NameTh = nameTh.Trim(),
        NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim(),
        Zone = string.IsNullOrWhiteSpace(zone) ? null : zone.Trim(),
        Households = households,
        Population = population,
        Latitude = location?.Latitude,
        Longitude = location?.Longitude,
        Status = CommunityStatus.Active,
    };
}
