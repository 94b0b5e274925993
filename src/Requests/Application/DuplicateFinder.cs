using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Application;

/// <summary>An open request that may be the same problem.</summary>
public sealed record DuplicateHint(Guid Id, string Number, string Title, RequestStatus Status, double DistanceMetres, int Supporters);

/// <summary>
/// Finds open requests of the same category within 100 m: a box in SQL, the exact distance in memory, then the
/// details of the nearest few only. In a flood hundreds of residents report the same street; every one of those
/// submissions looks here, so it reads coordinates for the candidates and titles and supporters for five.
/// </summary>
public sealed class DuplicateFinder(RequestsDbContext db)
{
    /// <summary>
    /// How many requests in the box are weighed at most (the box is 200 m across). Unordered on purpose: SQLite stops
    /// at this many instead of reading and sorting every report of a flooded street.
    /// </summary>
    private const int MaxCandidates = 200;

    public async Task<IReadOnlyList<DuplicateHint>> FindAsync(string category, GeoPoint? point, Guid? exclude, CancellationToken cancellationToken)
    {
        if (point is not { } centre)
        {
            return [];
        }

        var (minLat, maxLat, minLon, maxLon) = DuplicateHints.BoundingBox(centre, DuplicateHints.RadiusMetres);
        var open = RequestStatuses.Open.ToList();
        var candidates = await db.Requests.AsNoTracking()
            .Where(r => r.Category == category && open.Contains(r.Status) && r.Id != exclude
                && r.Latitude >= minLat && r.Latitude <= maxLat && r.Longitude >= minLon && r.Longitude <= maxLon)
            .Select(r => new { r.Id, r.Latitude, r.Longitude })
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
        var nearest = DuplicateHints.Within(centre, candidates.Select(c => (c.Id, new GeoPoint(c.Latitude!.Value, c.Longitude!.Value))));
        if (nearest.Count == 0)
        {
            return [];
        }

        var ids = nearest.Select(n => n.Item).ToList();
        var details = await db.Requests.AsNoTracking()
            .Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Number, r.Title, r.Status, Supporters = r.Supports.Count })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        return nearest
            .Where(n => details.ContainsKey(n.Item))
            .Select(n => (Request: details[n.Item], n.Metres))
            .Select(h => new DuplicateHint(h.Request.Id, h.Request.Number, PersonalData.Mask(h.Request.Title), h.Request.Status,
                Math.Round(h.Metres, 1), h.Request.Supporters))
            .ToList();
    }
}
