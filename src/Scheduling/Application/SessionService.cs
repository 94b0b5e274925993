using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>A session and the venue it is held in.</summary>
public sealed record SessionAt(Session Session, Venue Venue);

/// <summary>Programmes and their sessions: scheduling, changing, cancelling and closing, each with its events.</summary>
public sealed class SessionService(SchedulingDbContext db, Seats seats, TimeProvider time)
{
    public async Task<Result<Programme>> CreateProgrammeAsync(ProgrammeDraft draft, string? bySubject, CancellationToken cancellationToken)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The programme is not valid.");
        }

        if (await ProgrammeClashAsync(draft, cancellationToken) is { } clash)
        {
            return clash;
        }

        var programme = Programme.Create(draft, bySubject, time.GetUtcNow());
        db.Programmes.Add(programme);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await ProgrammeClashAsync(draft, cancellationToken) ?? throw new InvalidOperationException("The programme could not be stored.");
        }

        return programme;
    }

    /// <summary>A programme and all its sessions from a template, in one transaction: all of it or nothing.</summary>
    public async Task<Result<(Programme Programme, IReadOnlyList<SessionAt> Sessions)>> CreateFromTemplateAsync(
        string template, int fiscalYear, Guid? venueId, string? bySubject, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ProgrammeTemplate.Names.Contains(template, StringComparer.Ordinal))
        {
            errors["template"] = [$"Unknown template. Use one of: {string.Join(", ", ProgrammeTemplate.Names)}."];
        }

        if (!FiscalYear.IsValid(fiscalYear))
        {
            errors["fiscalYear"] = [$"The fiscal year is a Buddhist-Era year between {BuddhistEra.EarliestYear} and {BuddhistEra.LatestYear}, e.g. 2563."];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The template request is not valid.");
        }

        var venue = venueId is { } id
            ? await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken)
            : await db.Venues.AsNoTracking().OrderBy(v => v.Name).FirstOrDefaultAsync(v => v.Name == Venue.Chakangrao1(DateTimeOffset.UnixEpoch).Name, cancellationToken);
        if (venue is null)
        {
            return Refusals.UnknownReference("venueId", "The venue does not exist.", venueId is null ? "Meeting room Chakangrao 1 is missing; name a venue." : null);
        }

        var year = new FiscalYear(fiscalYear);
        var programmeDraft = ProgrammeTemplate.Programme(year);
        if (await ProgrammeClashAsync(programmeDraft, cancellationToken) is { } clash)
        {
            return clash;
        }

        var now = time.GetUtcNow();
        var programme = Programme.Create(programmeDraft, bySubject, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockVenueAsync(venue.Id, cancellationToken);
        db.Programmes.Add(programme);
        var sessions = new List<SessionAt>();
        var number = 0;
        foreach (var draft in ProgrammeTemplate.Sessions(year, venue.Id, venue.Capacity))
        {
            if (await OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, null, cancellationToken) is { } overlap)
            {
                db.ChangeTracker.Clear();
                return overlap;
            }

            var session = Session.Schedule(programme.Id, ++number, draft, now);
            db.Sessions.Add(session);
            sessions.Add(new SessionAt(session, venue));
        }

        if (await SaveOrConflictAsync("The same programme was being created at the same moment.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return (programme, sessions);
    }

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
            errors["number"] = ["The number within the programme is from 1 to 1000."];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The session is not valid.");
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockVenueAsync(venue.Id, cancellationToken);
        if (await OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, null, cancellationToken) is { } overlap)
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
        if (await SaveOrConflictAsync("Another session of the programme was numbered at the same moment; try again.", cancellationToken) is { } conflict)
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
            await LockVenueAsync(venue.Id, cancellationToken);
            if (await OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, session.Id, cancellationToken) is { } overlap)
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

    /// <summary>Cancels a session (STATUS:CANCELLED, SEQUENCE up); its registrants are told. Reminders stop.</summary>
    public async Task<Result<SessionAt>> CancelAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (reason is { Length: > 1000 })
        {
            return Refusal.Invalid("reason", "The reason may have at most 1000 characters.");
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
            return new SessionAt(session, venue); // cancelling twice is harmless
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

    /// <summary>Closes a session that has started: the head count (by default, those checked in) and the minutes.</summary>
    public async Task<Result<SessionAt>> CloseAsync(Guid id, int? attendeeCount, string? minutes, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (attendeeCount is < 0 or > Venue.MaxCapacity)
        {
            errors["attendeeCount"] = [$"The head count is from 0 to {Venue.MaxCapacity}."];
        }

        if (minutes is { Length: > Session.MinutesMaxLength })
        {
            errors["minutes"] = [$"The minutes may have at most {Session.MinutesMaxLength} characters."];
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

    /// <summary>Saves; a unique index refusing the change (a race with another request) is a 409, and nothing is kept.</summary>
    private async Task<Refusal?> SaveOrConflictAsync(string title, CancellationToken cancellationToken)
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

    private async Task<Refusal?> ProgrammeClashAsync(ProgrammeDraft draft, CancellationToken cancellationToken)
    {
        var title = draft.Title.Trim();
        var existing = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.FiscalYear == draft.FiscalYear && p.Title == title, cancellationToken);
        return existing is null
            ? null
            : Refusal.Of(SchedulingProblems.ProgrammeExists, $"FY {draft.FiscalYear} already has a programme with this title.", $"Programme {existing.Id}.")
                .With("programmeId", existing.Id);
    }

    /// <summary>Serialises bookings of one room: the first write of the booking's transaction.</summary>
    private Task LockVenueAsync(Guid venueId, CancellationToken cancellationToken) =>
        db.Venues.Where(v => v.Id == venueId).ExecuteUpdateAsync(s => s.SetProperty(v => v.BookingVersion, v => v.BookingVersion + 1), cancellationToken);

    /// <summary>The active session in the room that overlaps the time, as a 409 naming it.</summary>
    private async Task<Refusal?> OverlapAsync(Guid venueId, DateTimeOffset startsAt, DateTimeOffset endsAt, Guid? except, CancellationToken cancellationToken)
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

    private async Task<IReadOnlyList<Guid>> RegistrantsAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status != RegistrationStatus.Cancelled)
            .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .Select(r => r.PersonId)
            .ToListAsync(cancellationToken);
}
