namespace Municipal.ServiceDefaults;

/// <summary>A point on the map (WGS 84).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180
        && double.IsFinite(Latitude) && double.IsFinite(Longitude);

    /// <summary>Great-circle distance (haversine).</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>
/// Where the municipality is. Kamphaeng Phet Town Municipality covers Nai Mueang subdistrict: about
/// 14.9 km² around 16.4803 N, 99.5489 E (a circle of that area has a radius of about 2.2 km). A point
/// more than <see cref="RadiusKm"/> from the centre is outside it: most likely a typo.
/// </summary>
public static class MunicipalArea
{
    public static readonly GeoPoint Centre = new(16.4803, 99.5489);

    /// <summary>Generous for the irregular boundary, yet small enough to catch swapped or mistyped digits.</summary>
    public const double RadiusKm = 5;

    public static bool Contains(GeoPoint point) => point.IsValid && point.DistanceKmTo(Centre) <= RadiusKm;
}
