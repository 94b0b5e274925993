using Municipal.ThaiCalendar;

namespace Municipal.Requests.Open311;

/// <summary>Configuration section <c>Requests:Open311</c>: what the GeoReport v2 discovery document says.</summary>
public sealed class Open311Options
{
    public const string Section = "Requests:Open311";

    /// <summary>The one jurisdiction this endpoint serves; a different <c>jurisdiction_id</c> is 404.</summary>
    public string JurisdictionId { get; set; } = "kamphaengphet-town";

    /// <summary>When the API last changed (discovery <c>changeset</c>).</summary>
    public DateTimeOffset Changeset { get; set; } = new(2026, 11, 26, 0, 0, 0, BangkokTime.Offset);

    public string Contact { get; set; } = "เทศบาลเมืองกำแพงเพชร สำนักปลัดเทศบาล — Kamphaeng Phet Town Municipality, Office of the Municipal Clerk";

    public string KeyService { get; set; } = "API keys are issued by the municipality's administrators (POST /api/requests/open311/keys).";

    /// <summary>The endpoint's public address as clients reach it, e.g. <c>https://city.example/open311/v2</c>; by default taken from the request.</summary>
    public string? BaseUrl { get; set; }
}
