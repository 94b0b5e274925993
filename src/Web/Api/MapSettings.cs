namespace Municipal.Web.Api;

/// <summary>
/// Configuration section <c>Web:Map</c>: where the map's tiles come from (a provider the municipality chooses) and where
/// the map starts. The map library itself is served by the web client (wwwroot/lib/leaflet); only the tiles come from
/// the tile server, and markers and lists work without them.
/// </summary>
public sealed class MapSettings
{
    public const string Section = "Web:Map";

    /// <summary>
    /// The tile server's address template. None unless the municipality sets one: every visitor's browser would send it
    /// their address and the area they look at (on the submit page, near their home), so it is a provider the municipality
    /// chooses, not a default. Development uses OpenStreetMap's (appsettings.Development.json); without one the maps show
    /// their markers on a plain background and say why.
    /// </summary>
    public string? TileUrl { get; set; }

    /// <summary>The tile provider's attribution; OpenStreetMap's fits its tiles and those made from its data.</summary>
    public string Attribution { get; set; } = "&copy; ผู้ร่วมพัฒนา <a href=\"https://www.openstreetmap.org/copyright\" translate=\"no\">OpenStreetMap</a>";

    /// <summary>The municipality's centre (Kamphaeng Phet Town: 16.4803 N, 99.5489 E).</summary>
    public double Latitude { get; set; } = 16.4803;

    public double Longitude { get; set; } = 99.5489;

    public int Zoom { get; set; } = 14;
}
