using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Linq.Expressions;

namespace Municipal.Requests.Application;

/// <summary>An open request that may be the same problem.</summary>
public sealed record DuplicateHint(Guid Id, string Number, string Title, RequestStatus Status, double DistanceMetres, int Supporters);

/// <summary>
/// Finds open requests of the same category within 100 m, in one statement: a box in SQL (from the index alone), at most
/// <see cref="MaxCandidates"/> of them ranked there by a flat-earth distance (exact enough at 100 m), and the details of
/// the nearest few only; then the exact distance in memory. In a flood hundreds of residents report the same street and
/// every one of those submissions looks here, so nothing is read for the candidates it does not offer.
/// </summary>
public sealed class DuplicateFinder(RequestsDbContext db)
{
    /// <summary>
    /// How many requests in the box are weighed at most (the box is 200 m across). Unordered on purpose: SQLite stops
    /// at this many instead of reading and ranking every report of a flooded street.
    /// </summary>
    private const int MaxCandidates = 200;

    /// <summary>How many of the ranked candidates are read and measured exactly: a margin over the hints offered.</summary>
    private const int Measured = DuplicateHints.MaxHints * 2;

    /// <summary>
    /// <c>r.Status == open₁ || r.Status == open₂ …</c> with the open statuses as constants of the expression itself, so that
    /// they are in the SQL and the statement is the same every time: EF Core caches its SQL. A list read from a field is a
    /// parameter (a JSON array SQLite unpacks), and one wrapped in <c>EF.Constant</c> is inlined anew at each call: either
    /// way EF Core generated the statement again for every submission (perf: its SQL generator under this search, at
    /// 300 submissions/s).
    /// </summary>
    private static readonly Expression<Func<ServiceRequest, bool>> IsOpen = OpenPredicate();

    public async Task<IReadOnlyList<DuplicateHint>> FindAsync(string category, GeoPoint? point, Guid? exclude, CancellationToken cancellationToken)
    {
        if (point is not { } centre)
        {
            return [];
        }

        var (minLat, maxLat, minLon, maxLon) = DuplicateHints.BoundingBox(centre, DuplicateHints.RadiusMetres);
        var (lat, lon) = (centre.Latitude, centre.Longitude);
        var lonScale = Math.Cos(lat * Math.PI / 180); // a degree of longitude is this much shorter than one of latitude here
        var nearest = db.Requests.AsNoTracking()
            .Where(IsOpen)
            .Where(r => r.Category == category && r.Id != exclude
                && r.Latitude >= minLat && r.Latitude <= maxLat && r.Longitude >= minLon && r.Longitude <= maxLon)
            .Select(r => new
            {
                r.Id,
                Rank = (r.Latitude!.Value - lat) * (r.Latitude!.Value - lat)
                    + (r.Longitude!.Value - lon) * lonScale * ((r.Longitude!.Value - lon) * lonScale),
            })
            .Take(MaxCandidates)
            .OrderBy(c => c.Rank)
            .Take(Measured);
        var rows = await (
                from n in nearest
                join r in db.Requests.AsNoTracking() on n.Id equals r.Id
                select new { r.Id, r.Latitude, r.Longitude, r.Number, r.Title, r.Status, Supporters = r.Supports.Count })
            .ToListAsync(cancellationToken);
        var details = rows.ToDictionary(r => r.Id);
        return DuplicateHints.Within(centre, rows.Select(r => (r.Id, new GeoPoint(r.Latitude!.Value, r.Longitude!.Value))))
            .Select(n => (Request: details[n.Item], n.Metres))
            .Select(h => new DuplicateHint(h.Request.Id, h.Request.Number, PersonalData.Mask(h.Request.Title), h.Request.Status,
                Math.Round(h.Metres, 1), h.Request.Supporters))
            .ToList();
    }

    private static Expression<Func<ServiceRequest, bool>> OpenPredicate()
    {
        var request = Expression.Parameter(typeof(ServiceRequest), "r");
        var status = Expression.Property(request, nameof(ServiceRequest.Status));
        var anyOpen = RequestStatuses.Open
            .Select(open => (Expression)Expression.Equal(status, Expression.Constant(open)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<ServiceRequest, bool>>(anyOpen, request);
    }
}
