using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>Who was checked in: their registration and their name as the registry has it, for the desk to read back.</summary>
public sealed record CheckedIn(Registration Registration, bool AlreadyCheckedIn, string? Name = null);

/// <summary>
/// Check-in at the door, by code (typed or from the QR image) or by person. A person without a registration is a
/// walk-in: seated and checked in at once while a seat is free (the same atomic seat statement as registering).
/// Checking in twice is harmless: the second answer says so and records nothing.
/// </summary>
public sealed class CheckInService(SchedulingDbContext db, Seats seats, TimeProvider time, IOptions<SchedulingOptions> options)
{
    /// <summary>Checks the person in; the answer names them, so the desk can read back whom it just checked in.</summary>
    public async Task<Result<CheckedIn>> CheckInAsync(Guid sessionId, string? code, Guid? personId, string? bySubject, CancellationToken cancellationToken)
    {
        var result = await CheckInCoreAsync(sessionId, code, personId, bySubject, cancellationToken);
        if (result.Value is not { } done)
        {
            return result;
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == done.Registration.PersonId, cancellationToken);
        return done with { Name = person?.DisplayName };
    }

    private async Task<Result<CheckedIn>> CheckInCoreAsync(Guid sessionId, string? code, Guid? personId, string? bySubject, CancellationToken cancellationToken)
    {
        var normalized = ShortCode.Normalize(code);
        if (code is not null && normalized is null)
        {
            return Refusal.Invalid("code", FieldError.BadFormat(FieldFormats.CheckInCode, $"A code is {ShortCode.Length} characters from {ShortCode.Alphabet}.")
                .With("length", ShortCode.Length).With("alphabet", ShortCode.Alphabet));
        }

        if ((normalized is null) == (personId is null))
        {
            return Refusal.Invalid("code", FieldError.Rule(FieldErrorCodes.OneOfTheTwo, "Give either the registration's code or, for a walk-in, the person's id."));
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return Refusals.NoSuchSession;
        }

        var now = time.GetUtcNow();
        if (session.Status != SessionStatus.Scheduled)
        {
            return Refusals.NotScheduled(session.Status, $"The session is {session.Status.Code()}; check-in is closed.");
        }

        if (now < session.StartsAt - options.Value.CheckInOpensBefore)
        {
            var opens = BangkokTime.ToLocal(session.StartsAt - options.Value.CheckInOpensBefore);
            return Refusal.Of(SchedulingProblems.CheckInNotOpen, detail: $"It opens at {opens:yyyy-MM-dd HH:mm} Bangkok time.").With("opensAt", opens);
        }

        if (now >= session.EndsAt + options.Value.CheckInClosesAfterEnd)
        {
            var closed = BangkokTime.ToLocal(session.EndsAt + options.Value.CheckInClosesAfterEnd);
            return Refusal.Of(SchedulingProblems.CheckInClosed, detail: $"It closed at {closed:yyyy-MM-dd HH:mm} Bangkok time.").With("closedAt", closed);
        }

        var registration = normalized is not null
            ? await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Code == normalized && r.SessionId == sessionId, cancellationToken)
            : await db.Registrations.AsNoTracking().FirstOrDefaultAsync(
                r => r.SessionId == sessionId && r.PersonId == personId && r.Status != RegistrationStatus.Cancelled, cancellationToken);

        if (registration is null && normalized is not null)
        {
            return Refusals.UnknownReference("code", "No registration for this session has that code.", "Check the code, or the session.");
        }

        if (registration is null)
        {
            return await WalkInAsync(session, personId!.Value, bySubject, cancellationToken);
        }

        switch (registration.Status)
        {
            case RegistrationStatus.Cancelled:
                return Refusal.Of(SchedulingProblems.RegistrationCancelled, detail: "If a seat is free, check the person in as a walk-in by their id.");
            case RegistrationStatus.Waitlisted:
                var position = await seats.WaitlistPositionAsync(sessionId, registration.WaitlistTicket ?? 0, cancellationToken);
                return Refusal.Of(SchedulingProblems.Waitlisted, detail: $"Waitlist position {position}.").With("position", position);
        }

        // One conditional statement: a second check-in finds it done and records nothing.
        var changed = await db.Registrations.Where(r => r.Id == registration.Id && r.Status == RegistrationStatus.Confirmed && r.CheckedInAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CheckedInAt, now), cancellationToken);

        var current = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registration.Id, cancellationToken);
        return current.Status == RegistrationStatus.Confirmed
            ? new CheckedIn(current, AlreadyCheckedIn: changed == 0)
            : Refusal.Of(SchedulingProblems.RegistrationCancelled, "The registration was cancelled meanwhile.");
    }

    private async Task<Result<CheckedIn>> WalkInAsync(Session session, Guid personId, string? bySubject, CancellationToken cancellationToken)
    {
        if (!await db.People.AnyAsync(p => p.Id == personId && !p.Erased, cancellationToken))
        {
            return Refusals.PersonNotInRegistry(
                "Walk-ins are people the municipality's registry knows: register them there first, then check them in by id.");
        }

        var now = time.GetUtcNow();
        var community = await People.CommunityOfAsync(db, personId, BangkokTime.DateOf(now), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await seats.LockAsync(session.Id, cancellationToken);
                if (!await seats.TryTakeAsync(session.Id, startsAfter: null, cancellationToken))
                {
                    return Refusal.Of(SchedulingProblems.NoFreeSeat, "No seat is free for a walk-in.", "Every seat is confirmed for a registered person.");
                }

                var registration = Registration.WalkInAt(session.Id, personId, community, ShortCode.New(), bySubject, now);
                db.Registrations.Add(registration);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                SchedulingTelemetry.Registered.Add(1, new KeyValuePair<string, object?>("outcome", "walk-in"));
                return new CheckedIn(registration, AlreadyCheckedIn: false);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                if (await db.Registrations.AsNoTracking().FirstOrDefaultAsync(
                        r => r.SessionId == session.Id && r.PersonId == personId && r.Status != RegistrationStatus.Cancelled, cancellationToken) is { } raced)
                {
                    return new CheckedIn(raced, AlreadyCheckedIn: raced.CheckedInAt is not null);
                }
            }
        }
    }
}
