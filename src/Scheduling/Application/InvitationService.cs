using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

public sealed record InvitationRound(int Issued, int Total);

/// <summary>An invitation and the name of its person (null once erased, or not yet known).</summary>
public sealed record InvitationLine(Invitation Invitation, string? Name);

/// <summary>Invites the current holders of a session's target offices, from the local copy of the registry.</summary>
public sealed class InvitationService(SchedulingDbContext db, AttendanceReports reports, TimeProvider time)
{
    /// <summary>
    /// Invites every person who holds one of <paramref name="roles"/> (default: the programme's target groups)
    /// today and has not been invited yet; each new invitation publishes <see cref="InvitationIssued"/>. Inviting
    /// again later reaches only the people who took office since: nobody is invited twice.
    /// </summary>
    public async Task<Result<InvitationRound>> InviteAsync(Guid sessionId, IReadOnlyList<string>? roles, string? bySubject, CancellationToken cancellationToken)
    {
        if (roles is { Count: > 0 } && roles.FirstOrDefault(r => !OfficeSeniority.IsKnown(r)) is { } unknown)
        {
            return Refusal.Invalid("roles", FieldError.NotOneOf(OfficeSeniority.Ordered, $"Unknown office '{unknown}'. Use: {string.Join(", ", OfficeSeniority.Ordered)}."));
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return Refusals.NoSuchSession;
        }

        var now = time.GetUtcNow();
        const string OnlyBefore = "Only a scheduled session that has not started takes invitations.";
        if (session.Status != SessionStatus.Scheduled)
        {
            return Refusals.NotScheduled(session.Status, OnlyBefore, $"The session is {session.Status.Code()}.");
        }

        if (now >= session.StartsAt)
        {
            return Refusals.Started(session, OnlyBefore, "The session is under way or over.");
        }

        var programme = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == session.ProgrammeId, cancellationToken);
        var targets = roles is { Count: > 0 } ? roles.Distinct().ToList() : programme.TargetRoles;
        var today = BangkokTime.DateOf(now);

        // Current holders whose person the registry has told us about (and not erased): an invitation needs someone to reach.
        var holders = (await db.Offices.AsNoTracking()
            .Where(o => targets.Contains(o.Role))
            .Join(db.People.AsNoTracking().Where(p => !p.Erased), o => o.PersonId, p => p.Id, (o, p) => o)
            .ToListAsync(cancellationToken))
            .Where(o => o.IsHeldOn(today))
            .ToList();
        var invited = (await db.Invitations.AsNoTracking().Where(i => i.SessionId == sessionId).Select(i => i.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        var fresh = holders
            .Where(h => !invited.Contains(h.PersonId))
            .GroupBy(h => h.PersonId)
            .Select(g => g.OrderBy(h => OfficeSeniority.Of(h.Role)).ThenBy(h => h.StartDate).ThenBy(h => h.Id).First())
            .OrderBy(h => OfficeSeniority.Of(h.Role)).ThenBy(h => h.PersonId)
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
                return Refusal.Conflict("Invitations for this session are being issued right now; try again in a moment.");
            }
        }

        var total = await db.Invitations.CountAsync(i => i.SessionId == sessionId, cancellationToken);
        return new InvitationRound(fresh.Count, total);
    }

    /// <summary>Who was invited to a session, in the order they were invited.</summary>
    public async Task<Result<Page<InvitationLine>>> ListAsync(Guid sessionId, Paging paging, CancellationToken cancellationToken)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var query = db.Invitations.AsNoTracking().Where(i => i.SessionId == sessionId);
        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Of(query.OrderBy(i => i.IssuedAt).ThenBy(i => i.Id)).ToListAsync(cancellationToken);
        var names = await reports.NamesAsync(items.Select(i => i.PersonId), cancellationToken);
        return new Page<InvitationLine>(items.Select(i => new InvitationLine(i, names.GetValueOrDefault(i.PersonId))).ToList(), total);
    }
}
