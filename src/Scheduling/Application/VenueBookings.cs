using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>Booking a room for sessions: bookings of one room take turns, and two active sessions never overlap in it.</summary>
public sealed class VenueBookings(SchedulingDbContext db)
{
    /// <summary>Saves; a unique index refusing the change (a race with another request) is a 409, and nothing is kept.</summary>
    public async Task<Refusal?> SaveOrConflictAsync(string title, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Refusal.Conflict(title);
        }
    }

    /// <summary>Serialises bookings of one room: the first write of the booking's transaction.</summary>
    public Task LockAsync(Guid venueId, CancellationToken cancellationToken) =>
        db.Venues.Where(v => v.Id == venueId).ExecuteUpdateAsync(s => s.SetProperty(v => v.BookingVersion, v => v.BookingVersion + 1), cancellationToken);

    /// <summary>The active session in the room that overlaps the time, as a 409 naming it.</summary>
    public async Task<Refusal?> OverlapAsync(Guid venueId, DateTimeOffset startsAt, DateTimeOffset endsAt, Guid? except, CancellationToken cancellationToken)
    {
        var other = await db.Sessions.AsNoTracking()
            .Where(s => s.VenueId == venueId && s.Status != SessionStatus.Cancelled && s.StartsAt < endsAt && startsAt < s.EndsAt)
            .Where(s => except == null || s.Id != except)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return null;
        }

        var from = BangkokTime.ToLocal(other.StartsAt);
        var to = BangkokTime.ToLocal(other.EndsAt);
        return Refusal.Of(SchedulingProblems.SessionClash, detail:
            $"It overlaps session {other.Number} \"{other.Title}\" ({other.Id}), {from:yyyy-MM-dd HH:mm}–{to:HH:mm} Bangkok time.").With("conflictingSessionId", other.Id);
    }
}
