namespace Municipal.Web.Api;

/// <summary>
/// Configuration section <c>Web:Map</c>: where the map's tiles come from (a provider the municipality chooses;
/// OpenStreetMap's by default, with its attribution) and where the map starts. The map library itself is served by the
/// web client (wwwroot/lib/leaflet); only the tiles come from the tile server, and markers and lists work without them.
/// </summary>
public sealed class MapSettings
{
    public const string Section = "Web:Map";

    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public string Attribution { get; set; } = "&copy; ผู้ร่วมพัฒนา <a href=\"https://www.openstreetmap.org/copyright\" translate=\"no\">OpenStreetMap</a>";

    /// <summary>The municipality's centre (Kamphaeng Phet Town: 16.4803 N, 99.5489 E).</summary>
    public double Latitude { get; set; } = 16.4803;

    public double Longitude { get; set; } = 99.5489;

    public int Zoom { get; set; } = 14;
}
