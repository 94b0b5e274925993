using Municipal.Web.Api;
using Municipal.Web.Localization;

namespace Municipal.Web.Components.Shared;

/// <summary>A marker on a <see cref="MapView"/>: a request, its state (the marker's colour), what it says, and the page it opens.</summary>
public sealed record MapPoint(Guid Id, double Latitude, double Longitude, string Status, string Label, string Href)
{
    /// <summary>A public marker opens the public view of its request; a staff marker the request itself.</summary>
    public static MapPoint Of(MapMarkerDto m, bool forStaff) =>
        new(m.Id, m.Latitude, m.Longitude, m.Status, $"{m.Number} {m.Title} ({Labels.RequestStatus(m.Status)})",
            forStaff ? $"/requests/{m.Id}" : $"/public/requests/{m.Id}");
}
