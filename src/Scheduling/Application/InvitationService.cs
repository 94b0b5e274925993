using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

public sealed record InvitationRound(int Issued, int Total);

/// <summary>Invites the current holders of a session's target offices, from the local copy of the registry.</summary>
public sealed class InvitationService(SchedulingDbContext db, TimeProvider time)
{
    /// <summary>
    /// Invites every person who holds one of <paramref name="roles"/> (default: the programme's target groups)
    /// today and has not been invited yet; each new invitation publishes <see cref="InvitationIssued"/>. Inviting
    /// again later reaches only the people who took office since: nobody is invited twice.
    /// </summary>
    public async Task<Result<InvitationRound>> InviteAsync(Guid sessionId, IReadOnlyList<string>? roles, string? bySubject, CancellationToken cancellationToken)
    {
        if (roles is { Count: > 0 } && roles.FirstOrDefault(r => !OfficeRoles.IsKnown(r)) is { } unknown)
        {
            return Failure.Invalid("roles", $"Unknown office '{unknown}'. Use: {string.Join(", ", OfficeRoles.All)}.");
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return Failure.NotFound("No such session.");
        }

        var now = time.GetUtcNow();
        if (session.Status != SessionStatus.Scheduled || now >= session.StartsAt)
        {
            return Failure.Conflict("Only a scheduled session that has not started takes invitations.",
                $"The session is {(session.Status == SessionStatus.Scheduled ? "under way or over" : session.Status.Code())}.");
        }

        var programme = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == session.ProgrammeId, cancellationToken);
        var targets = roles is { Count: > 0 } ? roles.Distinct().ToList() : programme.TargetRoles;
        var today = BangkokTime.DateOf(now);

        // Current holders whose person the registry has told us about (and not erased): an invitation needs someone to reach.
        var holders = await db.Offices.AsNoTracking()
            .Where(o => targets.Contains(o.Role) && o.StartDate <= today && (o.EndDate == null || o.EndDate >= today))
            .Join(db.People.AsNoTracking().Where(p => !p.Erased), o => o.PersonId, p => p.Id, (o, p) => new { o.PersonId, o.Role, o.StartDate, o.Id })
            .ToListAsync(cancellationToken);
        var invited = (await db.Invitations.AsNoTracking().Where(i => i.SessionId == sessionId).Select(i => i.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        var fresh = holders
            .Where(h => !invited.Contains(h.PersonId))
            .GroupBy(h => h.PersonId)
            .Select(g => g.OrderBy(h => OfficeRoles.Seniority(h.Role)).ThenBy(h => h.StartDate).ThenBy(h => h.Id).First())
            .OrderBy(h => OfficeRoles.Seniority(h.Role)).ThenBy(h => h.PersonId)
            .ToList();

        if (fresh.Count > 0)
        {
            var venue = await db.Venues.AsNoTracking().SingleAsync(v => v.Id == session.VenueId, cancellationToken);
            var snapshot = Snapshots.Of(session, venue);
            foreach (var holder in fresh)
            {
                var invitation = new Invitation
                {
                    Id = Guid.CreateVersion7(now),
                    SessionId = sessionId,
                    PersonId = holder.PersonId,
                    Role = holder.Role,
                    IssuedAt = now,
                    IssuedBySubject = bySubject,
                };
                db.Invitations.Add(invitation);
                db.EnqueueEvent(new InvitationIssued { InvitationId = invitation.Id, PersonId = holder.PersonId, Session = snapshot, OccurredAt = now }, time);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another round for the same session ran at the same moment; its invitations stand, ours are dropped.
                db.ChangeTracker.Clear();
                return Failure.Conflict("Invitations for this session are being issued right now; try again in a moment.");
            }
        }

        var total = await db.Invitations.CountAsync(i => i.SessionId == sessionId, cancellationToken);
        return new InvitationRound(fresh.Count, total);
    }
}
