using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>
/// The statements that hand out seats. Each runs inside the caller's transaction:
/// <list type="bullet">
/// <item><see cref="LockAsync"/> first: it updates the session's row, so every transaction that changes a
/// session's seats or registrations takes its turn on that row (SQLite serialises writers anyway;
/// on SQL Server the row lock is held until commit).</item>
/// <item><see cref="TryTakeAsync"/>: the capacity check and the seat taken are one conditional UPDATE
/// (<c>… SET ConfirmedCount = ConfirmedCount + 1 WHERE … ConfirmedCount &lt; Capacity</c>), so no interleaving
/// can confirm more seats than the session has. A check constraint on the table is the second net.</item>
/// </list>
/// </summary>
public sealed class Seats(SchedulingDbContext db, TimeProvider time)
{
    /// <summary>Takes the session's row for this transaction. False when the session does not exist.</summary>
    public async Task<bool> LockAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Revision, x => x.Revision + 1), cancellationToken) == 1;

    /// <summary>Takes one seat if one is free. <paramref name="startsAfter"/>: only if the session starts after that instant.</summary>
    public async Task<bool> TryTakeAsync(Guid sessionId, DateTimeOffset? startsAfter, CancellationToken cancellationToken)
    {
        var query = db.Sessions.Where(s => s.Id == sessionId).Where(SeatRules.HasFreeSeat);
        if (startsAfter is { } instant)
        {
            query = query.Where(s => s.StartsAt > instant);
        }

        return await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount + 1), cancellationToken) == 1;
    }

    /// <summary>
    /// Hands out the next waitlist ticket while the session is full; false when it is not (any more). The caller holds
    /// the session's row and read it after taking it, so the ticket is the number it read plus one.
    /// </summary>
    public async Task<bool> TryTakeWaitlistTicketAsync(Guid sessionId, DateTimeOffset startsAfter, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId).Where(SeatRules.IsFull).Where(s => s.StartsAt > startsAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.WaitlistTicket, x => x.WaitlistTicket + 1), cancellationToken) == 1;

    /// <summary>Gives a confirmed seat back.</summary>
    public async Task ReleaseAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId && s.ConfirmedCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount - 1), cancellationToken);

    /// <summary>1-based position on the waitlist of the holder of <paramref name="ticket"/>.</summary>
    public async Task<int> WaitlistPositionAsync(Guid sessionId, long ticket, CancellationToken cancellationToken) =>
        await db.Registrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted && r.WaitlistTicket < ticket, cancellationToken) + 1;

    /// <summary>
    /// While a seat is free and someone waits, the oldest waiting person gets the seat at once (no acceptance
    /// step) and is told with <see cref="RegistrationPromoted"/>. Runs in the caller's transaction, after <see cref="LockAsync"/>.
    /// </summary>
    public async Task<int> FillFreeSeatsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var promoted = 0;
        SessionSnapshot? snapshot = null;
        while (true)
        {
            var next = await db.Registrations.AsNoTracking()
                .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted)
                .OrderBy(r => r.WaitlistTicket).ThenBy(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (next is null || !await TryTakeAsync(sessionId, startsAfter: null, cancellationToken))
            {
                return promoted;
            }

            var now = time.GetUtcNow();
            var changed = await db.Registrations
                .Where(r => r.Id == next.Id && r.Status == RegistrationStatus.Waitlisted)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RegistrationStatus.Confirmed)
                    .SetProperty(r => r.ConfirmedAt, now), cancellationToken);
            if (changed == 0)
            {
                await ReleaseAsync(sessionId, cancellationToken);
                continue;
            }

            snapshot ??= await Snapshots.OfAsync(db, sessionId, cancellationToken);
            db.EnqueueEvent(new RegistrationPromoted
            {
                RegistrationId = next.Id,
                PersonId = next.PersonId,
                Code = next.Code,
                Session = snapshot,
                OccurredAt = now,
            }, time);
            SchedulingTelemetry.Promoted.Add(1);
            promoted++;
        }
    }
}
