using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>A programme with its sessions, in order of their numbers.</summary>
public sealed record ProgrammeWithSessions(Programme Programme, IReadOnlyList<SessionAt> Sessions);

/// <summary>The public schedule: programmes, their sessions, and a session as iCalendar.</summary>
public sealed class SessionQueries(SchedulingDbContext db, TimeProvider time)
{
    /// <summary>Sessions by start time; <paramref name="from"/>/<paramref name="to"/> are Bangkok dates (yyyy-MM-dd).</summary>
    public async Task<Result<Page<SessionAt>>> ListAsync(Guid? programmeId, string? from, string? to, Paging paging, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, FieldError[]>();
        DateOnly fromDate = default, toDate = default;
        if (from is not null && DateProblem(from, out fromDate) is { } fromProblem)
        {
            errors["from"] = [fromProblem];
        }

        if (to is not null && DateProblem(to, out toDate) is { } toProblem)
        {
            errors["to"] = [toProblem];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var query = db.Sessions.AsNoTracking();
        if (programmeId is { } programme)
        {
            query = query.Where(s => s.ProgrammeId == programme);
        }

        if (from is not null)
        {
            var start = BangkokTime.StartOf(fromDate);
            query = query.Where(s => s.EndsAt > start);
        }

        if (to is not null)
        {
            var end = BangkokTime.StartOf(toDate.AddDays(1));
            query = query.Where(s => s.StartsAt < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var sessions = await paging.Of(query.OrderBy(s => s.StartsAt).ThenBy(s => s.Id)).ToListAsync(cancellationToken);
        return new Page<SessionAt>(await WithVenuesAsync(sessions, cancellationToken), total);
    }

    /// <summary>A date filter as yyyy-MM-dd in the Common Era, or why not.</summary>
    private static FieldError? DateProblem(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", out date)
            ? CalendarInput.DateProblem(date)
            : FieldError.BadFormat(FieldFormats.Date, "A date as yyyy-MM-dd.");

    public async Task<Result<SessionAt>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return session is null ? Refusals.NoSuchSession : (await WithVenuesAsync([session], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<SessionAt>> OfProgrammeAsync(Guid programmeId, CancellationToken cancellationToken) =>
        await WithVenuesAsync(
            await db.Sessions.AsNoTracking().Where(s => s.ProgrammeId == programmeId).OrderBy(s => s.Number).ToListAsync(cancellationToken),
            cancellationToken);

    /// <summary>Programmes, newest fiscal year first; a year in the Common Era is refused (it would find nothing).</summary>
    public async Task<Result<Page<Programme>>> ProgrammesAsync(int? fiscalYear, Paging paging, CancellationToken cancellationToken)
    {
        if (CalendarInput.CheckYear("fiscalYear", fiscalYear) is { } wrongYear)
        {
            return wrongYear;
        }

        var query = db.Programmes.AsNoTracking();
        if (fiscalYear is { } year)
        {
            query = query.Where(p => p.FiscalYear == year);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Of(query.OrderByDescending(p => p.FiscalYear).ThenBy(p => p.Title).ThenBy(p => p.Id)).ToListAsync(cancellationToken);
        return new Page<Programme>(items, total);
    }

    public async Task<Result<ProgrammeWithSessions>> ProgrammeAsync(Guid id, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return programme is null
            ? Refusals.NoSuchProgramme
            : new ProgrammeWithSessions(programme, await OfProgrammeAsync(programme.Id, cancellationToken));
    }

    /// <summary>One session as iCalendar.</summary>
    public async Task<Result<CalendarFile>> CalendarAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { s, v })
            .Join(db.Programmes.AsNoTracking(), x => x.s.ProgrammeId, p => p.Id, (x, p) => new { x.s, x.v, p })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? Refusals.NoSuchSession
            : new CalendarFile(Calendars.Write([new CalendarEntry(row.s, row.v, row.p)], row.p.Title, time.GetUtcNow()), $"session-{row.s.Number}.ics");
    }

    /// <summary>The sessions, in the same order, each with its venue.</summary>
    private async Task<IReadOnlyList<SessionAt>> WithVenuesAsync(IReadOnlyList<Session> sessions, CancellationToken cancellationToken)
    {
        var ids = sessions.Select(s => s.VenueId).Distinct().ToList();
        var venues = await db.Venues.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var programmeIds = sessions.Select(s => s.ProgrammeId).Distinct().ToList();
        var programmes = await db.Programmes.AsNoTracking().Where(p => programmeIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        return sessions.Select(s => new SessionAt(s, venues[s.VenueId]) { ProgrammeTitle = programmes.GetValueOrDefault(s.ProgrammeId) }).ToList();
    }
}
