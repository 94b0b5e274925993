using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>Creating programmes: one by hand, or one with all its sessions from a template.</summary>
public sealed class ProgrammeService(SchedulingDbContext db, VenueBookings bookings, TimeProvider time)
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
    public async Task<Result<ProgrammeWithSessions>> CreateFromTemplateAsync(
        string template, int fiscalYear, Guid? venueId, string? bySubject, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (!ProgrammeTemplate.Names.Contains(template, StringComparer.Ordinal))
        {
            errors["template"] = [FieldError.NotOneOf(ProgrammeTemplate.Names, $"Unknown template. Use one of: {string.Join(", ", ProgrammeTemplate.Names)}.")];
        }

        if (CalendarInput.YearProblem(fiscalYear) is { } yearProblem)
        {
            errors["fiscalYear"] = [yearProblem];
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
        await bookings.LockAsync(venue.Id, cancellationToken);
        db.Programmes.Add(programme);
        var sessions = new List<SessionAt>();
        var number = 0;
        foreach (var draft in ProgrammeTemplate.Sessions(year, venue.Id, venue.Capacity))
        {
            if (await bookings.OverlapAsync(venue.Id, draft.StartsAt, draft.EndsAt, null, cancellationToken) is { } overlap)
            {
                db.ChangeTracker.Clear();
                return overlap;
            }

            var session = Session.Schedule(programme.Id, ++number, draft, now);
            db.Sessions.Add(session);
            sessions.Add(new SessionAt(session, venue));
        }

        if (await bookings.SaveOrConflictAsync("The same programme was being created at the same moment.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return new ProgrammeWithSessions(programme, sessions);
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
}
