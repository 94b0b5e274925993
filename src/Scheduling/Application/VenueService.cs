using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>The meeting rooms sessions are held in.</summary>
public sealed class VenueService(SchedulingDbContext db, TimeProvider time)
{
    private static readonly Refusal Exists = Refusal.Of(SchedulingProblems.VenueExists);

    public async Task<Page<Venue>> ListAsync(CancellationToken cancellationToken)
    {
        var venues = await db.Venues.AsNoTracking().OrderBy(v => v.Name).ThenBy(v => v.Id).ToListAsync(cancellationToken);
        return new Page<Venue>(venues, venues.Count);
    }

    /// <summary>Adds a room; its name is unique.</summary>
    public async Task<Result<Venue>> CreateAsync(VenueDraft draft, CancellationToken cancellationToken)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The venue is not valid.");
        }

        var name = draft.Name.Trim();
        if (await db.Venues.AnyAsync(v => v.Name == name, cancellationToken))
        {
            return Exists;
        }

        var venue = Venue.Create(name, draft.Building, draft.Floor, draft.Capacity, time.GetUtcNow());
        db.Venues.Add(venue);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Exists;
        }

        return venue;
    }
}
