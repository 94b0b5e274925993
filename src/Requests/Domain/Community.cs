using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>A community as the registry announced it (read copy fed by CommunityRegistered/CommunityChanged).</summary>
public sealed class Community
{
    public const string Active = "active";

    private Community()
    {
    }

    public Community(Guid id, string code, string nameTh, string? nameEn, string status, double? latitude, double? longitude, Guid? mergedInto, DateTimeOffset updatedAt)
    {
        Id = id;
        Update(code, nameTh, nameEn, status, latitude, longitude, mergedInto, updatedAt);
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    public string NameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    /// <summary><c>active</c>, <c>merged</c> or <c>dissolved</c>.</summary>
    public string Status { get; private set; } = Active;

    public Guid? MergedInto { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>When the registry last changed it: an event older than this is stale.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsActive => Status == Active;

    public GeoPoint? Centre => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    /// <summary>Applies the registry's state unless it is older than what is held.</summary>
    public bool Update(string code, string nameTh, string? nameEn, string status, double? latitude, double? longitude, Guid? mergedInto, DateTimeOffset occurredAt)
    {
        if (Code.Length > 0 && occurredAt < UpdatedAt)
        {
            return false;
        }

        Code = code;
        NameTh = nameTh;
        NameEn = nameEn;
        Status = status;
        Latitude = latitude;
        Longitude = longitude;
        MergedInto = mergedInto;
        UpdatedAt = occurredAt;
        return true;
    }

    /// <summary>The active community whose centre is nearest the point, if any community has a centre.</summary>
    public static Community? NearestTo(GeoPoint point, IEnumerable<Community> communities) => communities
        .Where(c => c.IsActive && c.Centre is not null)
        .OrderBy(c => c.Centre!.Value.DistanceKmTo(point))
        .ThenBy(c => c.Code, StringComparer.Ordinal)
        .FirstOrDefault();
}
