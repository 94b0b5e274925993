using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>A session and the venue it is held in.</summary>
/// <summary>A session with its venue (and, where the read has it, its programme's title).</summary>
public sealed record SessionAt(Session Session, Venue Venue)
{
    public string? ProgrammeTitle { get; init; }
}

/// <summary>Sessions: scheduling, changing, cancelling and closing, each with its events.</summary>
public sealed class SessionService(SchedulingDbContext db, Seats seats, VenueBookings bookings, TimeProvider time)
{
    public async Task<Result<SessionAt>> ScheduleAsync(SessionInput input, CancellationToken cancellationToken)
    {
        var venue = input.VenueId is { } venueId ? await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == venueId, cancellationToken) : null;
        var drafted = input.ToNewDraft(venue);
        if (drafted.Value is not { } draft)
        {
            return drafted.Refusal!;
        }

        var programmeId = input.ProgrammeId!.Value;
        var number = input.Number;
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null)
        {
            return Refusals.UnknownReference("programmeId", "The programme does not exist.");
        }

        if (venue is null)
        {
            return Refusals.UnknownReference("venueId", "The venue does not exist.");
        }

        var errors = draft.Validate(venue.Capacity, programme.Year);
        if (number is < 1 or > 1000)
        {
            errors["number"] = [FieldError.OutOfRange(1, 1000, "The number within the programme is from 1 to 1000.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The session is not valid.");
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bookings.LockAsync(venue.Id, cancellationToken);
        if (await bookings.OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, null, cancellationToken) is { } overlap)
        {
            return overlap;
        }

        var numbers = db.Sessions.Where(s => s.ProgrammeId == programmeId).Select(s => s.Number);
        if (number is { } wanted && await numbers.AnyAsync(n => n == wanted, cancellationToken))
        {
            return Refusal.Of(SchedulingProblems.SessionNumberTaken, $"The programme already has a session number {wanted}.").With("number", wanted);
        }

        var session = Session.Schedule(programmeId, number ?? (await numbers.DefaultIfEmpty().MaxAsync(cancellationToken)) + 1, draft, now);
        db.Sessions.Add(session);
        if (await bookings.SaveOrConflictAsync("Another session of the programme was numbered at the same moment; try again.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return new SessionAt(session, venue);
    }

    /// <summary>
    /// Staff change a session. <paramref name="precondition"/> (the <c>If-Match</c> check) sees the current version
    /// and may refuse, so nobody overwrites a change they have not seen. A move publishes <see cref="SessionRescheduled"/>; more
    /// seats promote waitlisted people at once; fewer seats than are confirmed is refused.
    /// </summary>
    public async Task<Result<SessionAt>> UpdateAsync(Guid id, SessionInput input, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await seats.LockAsync(id, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var session = await db.Sessions.SingleAsync(s => s.Id == id, cancellationToken);
        if (precondition(session.Version) is { } stale)
        {
            return stale;
        }

        var drafted = input.ToChangeOf(session);
        if (drafted.Value is not { } draft)
        {
            return drafted.Refusal!;
        }

        if (session.Status != SessionStatus.Scheduled)
        {
            return Refusals.NotScheduled(session.Status, $"The session is {session.Status.Code()} and can no longer be changed.");
        }

        var programme = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == session.ProgrammeId, cancellationToken);
        var venue = await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == draft.VenueId, cancellationToken);
        if (venue is null)
        {
            return Refusals.UnknownReference("venueId", "The venue does not exist.");
        }

        var errors = draft.Validate(venue.Capacity, programme.Year);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The session is not valid.");
        }

        if (draft.Capacity < session.ConfirmedCount)
        {
            return Refusal.Of(SchedulingProblems.CapacityBelowConfirmed,
                $"{session.ConfirmedCount} seats are already confirmed; the capacity cannot go below that.",
                "Cancel or move registrations first.").With("confirmed", session.ConfirmedCount);
        }

        var previousVenue = await db.Venues.AsNoTracking().SingleAsync(v => v.Id == session.VenueId, cancellationToken);
        if (draft.StartsAt != session.StartsAt || draft.EndsAt != session.EndsAt || draft.VenueId != session.VenueId)
        {
            await bookings.LockAsync(venue.Id, cancellationToken);
            if (await bookings.OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, session.Id, cancellationToken) is { } overlap)
            {
                return overlap;
            }
        }

        var now = time.GetUtcNow();
        var change = session.Update(draft, now);
        await db.SaveChangesAsync(cancellationToken);
        if (change.CapacityChanged)
        {
            await seats.FillFreeSeatsAsync(session.Id, cancellationToken);
        }

        if (change.Moved)
        {
            db.EnqueueEvent(new SessionRescheduled
            {
                Session = Snapshots.Of(session, venue),
                PreviousStartsAt = change.PreviousStartsAt,
                PreviousEndsAt = change.PreviousEndsAt,
                PreviousVenueName = previousVenue.Name,
                RegistrantIds = await RegistrantsAsync(session.Id, cancellationToken),
                OccurredAt = now,
            }, time);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SessionAt(await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken), venue);
    }

    /// <summary>
    /// Cancels a session (STATUS:CANCELLED, SEQUENCE up); its registrants are told. Reminders stop. Cancelling twice
    /// is harmless; <paramref name="precondition"/> (an <c>If-Match</c> sent with the command) is checked before a change.
    /// </summary>
    public async Task<Result<SessionAt>> CancelAsync(Guid id, string? reason, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        if (reason is { Length: > 1000 })
        {
            return Refusal.Invalid("reason", FieldError.TooLong(1000, "The reason may have at most 1000 characters."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await seats.LockAsync(id, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var session = await db.Sessions.SingleAsync(s => s.Id == id, cancellationToken);
        var venue = await db.Venues.AsNoTracking().SingleAsync(v => v.Id == session.VenueId, cancellationToken);
        if (session.Status == SessionStatus.Cancelled)
        {
            return new SessionAt(session, venue);
        }

        if (precondition(session.Version) is { } stale)
        {
            return stale;
        }

        if (session.Status == SessionStatus.Completed)
        {
            return Refusals.NotScheduled(session.Status, "The session has taken place and is closed; it cannot be cancelled.");
        }

        var now = time.GetUtcNow();
        session.Cancel(reason, now);
        db.EnqueueEvent(new SessionCancelled
        {
            Session = Snapshots.Of(session, venue),
            Reason = session.CancellationReason,
            RegistrantIds = await RegistrantsAsync(session.Id, cancellationToken),
            OccurredAt = now,
        }, time);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SessionAt(session, venue);
    }

    /// <summary>
    /// Closes a session that has started: the head count (by default, those checked in) and the minutes.
    /// <paramref name="precondition"/> (an <c>If-Match</c> sent with the command) is checked first.
    /// </summary>
    public async Task<Result<SessionAt>> CloseAsync(
        Guid id, int? attendeeCount, string? minutes, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (attendeeCount is < 0 or > Venue.MaxCapacity)
        {
            errors["attendeeCount"] = [FieldError.OutOfRange(0, Venue.MaxCapacity, $"The head count is from 0 to {Venue.MaxCapacity}.")];
        }

        if (minutes is { Length: > Session.MinutesMaxLength })
        {
            errors["minutes"] = [FieldError.TooLong(Session.MinutesMaxLength, $"The minutes may have at most {Session.MinutesMaxLength} characters.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The closing record is not valid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await seats.LockAsync(id, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var session = await db.Sessions.SingleAsync(s => s.Id == id, cancellationToken);
        if (precondition(session.Version) is { } stale)
        {
            return stale;
        }

        if (session.Status != SessionStatus.Scheduled)
        {
            return Refusals.NotScheduled(session.Status, $"The session is {session.Status.Code()}; only a scheduled session can be closed.");
        }

        var now = time.GetUtcNow();
        if (now < session.StartsAt)
        {
            return Refusals.NotStarted(session, "The session has not started yet; close it once it has taken place.");
        }

        var checkedIn = await db.Registrations.CountAsync(r => r.SessionId == id && r.CheckedInAt != null && r.Status == RegistrationStatus.Confirmed, cancellationToken);
        session.Close(attendeeCount ?? checkedIn, minutes, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SessionAt(session, await db.Venues.AsNoTracking().SingleAsync(v => v.Id == session.VenueId, cancellationToken));
    }

    private async Task<IReadOnlyList<Guid>> RegistrantsAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status != RegistrationStatus.Cancelled)
            .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .Select(r => r.PersonId)
            .ToListAsync(cancellationToken);
}
