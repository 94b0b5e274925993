using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>A registration and, while waitlisted, its current place in the queue.</summary>
public sealed record Registered(Registration Registration, int? Position, bool Created);

/// <summary>Registering, cancelling and moving people. Every change is one short transaction with its events.</summary>
public sealed class RegistrationService(SchedulingDbContext db, Seats seats, TimeProvider time, IOptions<SchedulingOptions> options)
{
    private const int Attempts = 5;

    private CancellationPolicy Policy => new(options.Value.CancellationCutoff);

    /// <summary>
    /// Registers a person: a confirmed seat while seats remain, else the waitlist in arrival order. Registering
    /// again returns the registration the person already has (<see cref="Registered.Created"/> false).
    /// </summary>
    public async Task<Result<Registered>> RegisterAsync(Guid sessionId, Guid? namedPerson, Caller by, CancellationToken cancellationToken)
    {
        var caller = await People.IdentifyAsync(db, by, cancellationToken);
        var registrant = caller.Registrant(namedPerson);
        if (!registrant.Succeeded)
        {
            return registrant.Refusal!;
        }

        var personId = registrant.Value;
        var bySubject = caller.Subject;
        // The caller's own person was just read by their subject (and is not erased); someone a staff member names is looked up.
        if (personId != caller.PersonId && !await db.People.AnyAsync(p => p.Id == personId && !p.Erased, cancellationToken))
        {
            return Refusals.PersonNotInRegistry("People are known here once the municipality's registry has announced them. Register the person there first.");
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return Refusals.NoSuchSession;
        }

        if (RefuseRegistration(session, time.GetUtcNow()) is { } refusal)
        {
            return refusal;
        }

        if (await FindLiveAsync(sessionId, personId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var community = await People.CommunityOfAsync(db, personId, BangkokTime.DateOf(time.GetUtcNow()), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (!await seats.LockAsync(sessionId, cancellationToken))
                {
                    return Refusals.NoSuchSession;
                }

                var outcome = await RegisterLockedAsync(sessionId, personId, community, bySubject, cancellationToken);
                if (!outcome.Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return outcome;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                SchedulingTelemetry.Registered.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Value!.Registration.Status.Code()));
                return outcome;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Either the same person registered at the same moment (the unique index refused the second), or
                // a short code collided. Nothing was kept: the transaction rolled back.
                db.ChangeTracker.Clear();
                if (await FindLiveAsync(sessionId, personId, cancellationToken) is { } raced)
                {
                    return raced;
                }
            }
        }
    }

    /// <summary>
    /// The heart of registering, inside a transaction that holds the session's row. The row is read once while held
    /// (its counters, and the snapshot the event carries); then one conditional UPDATE takes a seat if one is free,
    /// otherwise the next waitlist ticket, whose number is the one read plus one. Adds the row and its event; the
    /// caller saves.
    /// </summary>
    private async Task<Result<Registered>> RegisterLockedAsync(
        Guid sessionId, Guid personId, Guid? communityId, string? bySubject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var held = await Snapshots.HeldAsync(db, sessionId, cancellationToken);
        var session = held.Session;
        var notStarted = session.StartsAt > now;
        Registration registration;
        int? position = null;
        if (notStarted && SeatRules.SeatIsFree(session) && await seats.TryTakeAsync(sessionId, startsAfter: now, cancellationToken))
        {
            registration = Registration.Confirmed(sessionId, personId, communityId, ShortCode.New(), bySubject, now);
        }
        else if (notStarted && SeatRules.IsFullNow(session)
            && await seats.TryTakeWaitlistTicketAsync(sessionId, startsAfter: now, cancellationToken))
        {
            var ticket = session.WaitlistTicket + 1;
            registration = Registration.Waitlisted(sessionId, personId, communityId, ShortCode.New(), ticket, bySubject, now);
            position = await seats.WaitlistPositionAsync(sessionId, ticket, cancellationToken);
        }
        else
        {
            return RefuseRegistration(session, now) ?? Refusal.Conflict("The session does not take registrations now.");
        }

        db.Registrations.Add(registration);
        var snapshot = Snapshots.Of(session, held.Venue);
        if (registration.Status == RegistrationStatus.Confirmed)
        {
            db.EnqueueEvent(new RegistrationConfirmed
            {
                RegistrationId = registration.Id,
                PersonId = personId,
                Code = registration.Code,
                Session = snapshot,
                OccurredAt = now,
            }, time);
        }
        else
        {
            db.EnqueueEvent(new RegistrationWaitlisted
            {
                RegistrationId = registration.Id,
                PersonId = personId,
                Code = registration.Code,
                Position = position!.Value,
                Session = snapshot,
                OccurredAt = now,
            }, time);
        }

        return new Registered(registration, position, Created: true);
    }

    /// <summary>Cancels a registration for its owner or for staff. Cancelling twice is harmless.</summary>
    public async Task<Result<Registered>> CancelAsync(Guid registrationId, Caller by, CancellationToken cancellationToken)
    {
        var caller = await People.IdentifyAsync(db, by, cancellationToken);
        var registration = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        // Someone else's registration is, to a leader, a registration that does not exist.
        if (registration is null || !caller.MayActFor(registration.PersonId))
        {
            return Refusals.NoSuchRegistration;
        }

        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, cancellationToken);
        var decision = Policy.Decide(registration.Status, session.Status, session.StartsAt, time.GetUtcNow(), caller.IsStaff);
        if (decision.WasAlreadyCancelled)
        {
            return new Registered(registration, null, Created: false);
        }

        if (!decision.Allowed)
        {
            return Refusal.Of(SchedulingProblems.CancellationClosed, detail: decision.Reason);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CancelLockedAsync(registration.Id, registration.SessionId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var cancelled = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registrationId, cancellationToken);
        return new Registered(cancelled, null, Created: false);
    }

    /// <summary>
    /// Cancels inside the caller's transaction: takes the session's row, flips the status only if it is still what
    /// it was (so two cancellations free one seat once), gives the seat back and promotes the oldest waitlisted.
    /// </summary>
    public async Task<bool> CancelLockedAsync(Guid registrationId, Guid sessionId, CancellationToken cancellationToken)
    {
        await seats.LockAsync(sessionId, cancellationToken);
        var current = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registrationId, cancellationToken);
        if (current.Status == RegistrationStatus.Cancelled)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var changed = await db.Registrations.Where(r => r.Id == registrationId && r.Status == current.Status)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RegistrationStatus.Cancelled)
                .SetProperty(r => r.CancelledAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        db.EnqueueEvent(new RegistrationCancelled
        {
            RegistrationId = current.Id,
            PersonId = current.PersonId,
            Code = current.Code,
            PreviousStatus = current.Status.Code(),
            Session = await Snapshots.OfAsync(db, sessionId, cancellationToken),
            OccurredAt = now,
        }, time);

        if (current.Status == RegistrationStatus.Confirmed)
        {
            await seats.ReleaseAsync(sessionId, cancellationToken);
            await seats.FillFreeSeatsAsync(sessionId, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Staff move a person to another session: the old registration is cancelled (its seat goes to the oldest
    /// waitlisted there) and a new one is made in the target session (a seat, or the waitlist), in one transaction.
    /// </summary>
    public async Task<Result<Registered>> MoveAsync(Guid registrationId, Guid targetSessionId, string? bySubject, CancellationToken cancellationToken)
    {
        if (targetSessionId == Guid.Empty)
        {
            return Refusal.Invalid("sessionId", FieldError.Required("The session to move to is required."));
        }

        var registration = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null)
        {
            return Refusals.NoSuchRegistration;
        }

        if (registration.Status == RegistrationStatus.Cancelled)
        {
            return Refusal.Of(SchedulingProblems.RegistrationCancelled, detail: "Register the person for the other session instead.");
        }

        if (registration.SessionId == targetSessionId)
        {
            return Refusal.Invalid("sessionId", FieldError.Rule(FieldErrorCodes.AlreadyRegistered, "The person is already registered for that session."));
        }

        var source = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, cancellationToken);
        var target = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == targetSessionId, cancellationToken);
        if (target is null)
        {
            return Refusals.UnknownReference("sessionId", "The target session does not exist.");
        }

        var now = time.GetUtcNow();
        if (Policy.Decide(registration.Status, source.Status, source.StartsAt, now, byStaff: true) is { Allowed: false, Reason: var reason })
        {
            return Refusal.Of(SchedulingProblems.CancellationClosed, "The registration cannot be moved now.", reason);
        }

        if (RefuseRegistration(target, now) is { } refusal)
        {
            return refusal;
        }

        if (await FindLiveAsync(targetSessionId, registration.PersonId, cancellationToken) is not null)
        {
            return AlreadyRegisteredThere;
        }

        var community = await People.CommunityOfAsync(db, registration.PersonId, BangkokTime.DateOf(now), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Both rows in a fixed order, so two moves in opposite directions cannot wait on each other.
                foreach (var id in new[] { source.Id, target.Id }.Order())
                {
                    await seats.LockAsync(id, cancellationToken);
                }

                if (!await CancelLockedAsync(registration.Id, source.Id, cancellationToken))
                {
                    db.ChangeTracker.Clear();
                    return Refusal.Of(SchedulingProblems.RegistrationCancelled, "The registration was cancelled meanwhile.");
                }

                var moved = await RegisterLockedAsync(target.Id, registration.PersonId, community, bySubject, cancellationToken);
                if (!moved.Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return moved;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return moved;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                if (await FindLiveAsync(targetSessionId, registration.PersonId, cancellationToken) is not null)
                {
                    return AlreadyRegisteredThere;
                }
            }
        }
    }

    /// <summary>The person's live (not cancelled) registration for the session, with their place if waitlisted.</summary>
    public async Task<Registered?> FindLiveAsync(Guid sessionId, Guid personId, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.AsNoTracking()
            .FirstOrDefaultAsync(r => r.SessionId == sessionId && r.PersonId == personId && r.Status != RegistrationStatus.Cancelled, cancellationToken);
        return registration is null ? null : new Registered(registration, await PositionAsync(registration, cancellationToken), Created: false);
    }

    public async Task<int?> PositionAsync(Registration registration, CancellationToken cancellationToken) =>
        registration is { Status: RegistrationStatus.Waitlisted, WaitlistTicket: { } ticket }
            ? await seats.WaitlistPositionAsync(registration.SessionId, ticket, cancellationToken)
            : null;

    private static readonly Refusal AlreadyRegisteredThere =
        Refusal.Of(SchedulingProblems.AlreadyRegistered, "The person is already registered for the target session.");

    private static Refusal? RefuseRegistration(Session session, DateTimeOffset now) => session.Status switch
    {
        SessionStatus.Cancelled => Refusals.NotScheduled(session.Status, "The session was cancelled.", session.CancellationReason),
        SessionStatus.Completed => Refusals.NotScheduled(session.Status, "The session has taken place and is closed."),
        _ when now >= session.StartsAt => Refusals.Started(session, "The session has started; registration is closed.",
            "At the door, staff can seat walk-ins while seats remain."),
        _ => null,
    };
}
