using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Handlers;

/// <summary>An open request that may be the same problem.</summary>
public sealed record DuplicateHint(Guid Id, string Number, string Title, RequestStatus Status, double DistanceMetres, int Supporters);

/// <summary>Finds open requests of the same category within 100 m: a box in SQL, the exact distance in memory.</summary>
public sealed class DuplicateFinder(RequestsDbContext db)
{
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
            .Select(r => new { r.Id, r.Number, r.Title, r.Status, r.Latitude, r.Longitude, Supporters = r.Supports.Count })
            .Take(200)
            .ToListAsync(cancellationToken);
        return DuplicateHints.Within(centre, candidates.Select(c => (c, new GeoPoint(c.Latitude!.Value, c.Longitude!.Value))))
            .Select(h => new DuplicateHint(h.Item.Id, h.Item.Number, PersonalData.Mask(h.Item.Title), h.Item.Status, Math.Round(h.Metres, 1), h.Item.Supporters))
            .ToList();
    }
}
