using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>
/// An open request of the same category within <see cref="RadiusMetres"/> is probably the same problem:
/// offer it before a second one is filed.
/// </summary>
public static class DuplicateHints
{
    public const double RadiusMetres = 100;

    public const int MaxHints = 5;

    private const double MetresPerDegreeLatitude = 111_320;

    /// <summary>A latitude/longitude box around the point that holds every point within <paramref name="metres"/>: a cheap first filter in SQL.</summary>
    public static (double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude) BoundingBox(GeoPoint centre, double metres)
    {
        var dLat = metres / MetresPerDegreeLatitude * 1.01;
        var dLon = metres / (MetresPerDegreeLatitude * Math.Cos(centre.Latitude * Math.PI / 180)) * 1.01;
        return (centre.Latitude - dLat, centre.Latitude + dLat, centre.Longitude - dLon, centre.Longitude + dLon);
    }

    public static double DistanceMetres(GeoPoint a, GeoPoint b) => a.DistanceKmTo(b) * 1000;

    /// <summary>The candidates within the radius, nearest first.</summary>
    public static IReadOnlyList<(T Item, double Metres)> Within<T>(GeoPoint centre, IEnumerable<(T Item, GeoPoint Point)> candidates, double metres = RadiusMetres) =>
        candidates
            .Select(c => (c.Item, Metres: DistanceMetres(centre, c.Point)))
            .Where(c => c.Metres <= metres)
            .OrderBy(c => c.Metres)
            .Take(MaxHints)
            .ToList();
}
