using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>The session as events describe it.</summary>
public static class Snapshots
{
    public static SessionSnapshot Of(Session session, Venue venue) => new()
    {
        SessionId = session.Id,
        ProgrammeId = session.ProgrammeId,
        Number = session.Number,
        Title = session.Title,
        StartsAt = session.StartsAt,
        EndsAt = session.EndsAt,
        VenueName = venue.Name,
        VenueDetail = venue.Detail,
        Sequence = session.Sequence,
        Status = session.Status.Code(),
    };

    /// <summary>A session with its venue, read once (inside a transaction that holds the session's row, it stays as read).</summary>
    public static async Task<(Session Session, Venue Venue)> HeldAsync(SchedulingDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { Session = s, Venue = v })
            .SingleAsync(cancellationToken);
        return (row.Session, row.Venue);
    }

    public static async Task<SessionSnapshot> OfAsync(SchedulingDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var (session, venue) = await HeldAsync(db, sessionId, cancellationToken);
        return Of(session, venue);
    }
}
