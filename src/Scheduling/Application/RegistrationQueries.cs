using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using System.Globalization;

namespace Municipal.Scheduling.Application;

/// <summary>A registration in a session's list, with its place on the waitlist and, for officials, the person's name.</summary>
public sealed record RegistrationLine(Registration Registration, int? Position, string? Name);

/// <summary>Reading registrations: a person's own, one by id, and a session's (for officials, also as CSV).</summary>
public sealed class RegistrationQueries(SchedulingDbContext db, RegistrationService registrations, AttendanceReports reports)
{
    /// <summary>The caller's registrations (staff may name another person), newest session first.</summary>
    public async Task<Result<Page<Registered>>> MineAsync(Caller by, Guid? personId, Paging paging, CancellationToken cancellationToken)
    {
        var whose = (await People.IdentifyAsync(db, by, cancellationToken)).Whose(personId);
        if (!whose.Succeeded)
        {
            return whose.Refusal!;
        }

        var person = whose.Value;
        var query = db.Registrations.AsNoTracking().Where(r => r.PersonId == person)
            .Join(db.Sessions.AsNoTracking(), r => r.SessionId, s => s.Id, (r, s) => new { r, s.StartsAt });
        var total = await query.CountAsync(cancellationToken);
        var rows = await paging.Of(query.OrderByDescending(x => x.StartsAt).ThenBy(x => x.r.Id)).ToListAsync(cancellationToken);
        var items = new List<Registered>();
        foreach (var row in rows)
        {
            items.Add(new Registered(row.r, await registrations.PositionAsync(row.r, cancellationToken), Created: false));
        }

        return new Page<Registered>(items, total);
    }

    /// <summary>One registration, with its place on the waitlist.</summary>
    public async Task<Result<Registered>> GetAsync(Guid id, Caller by, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(id, by, cancellationToken);
        return visible.Value is { } registration
            ? new Registered(registration, await registrations.PositionAsync(registration, cancellationToken), Created: false)
            : visible.Refusal!;
    }

    /// <summary>The registration if the caller may see it: its person, or staff. Anyone else is told it does not exist.</summary>
    public async Task<Result<Registration>> VisibleAsync(Guid id, Caller by, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return registration is not null && (await People.IdentifyAsync(db, by, cancellationToken)).MayActFor(registration.PersonId)
            ? registration
            : Refusals.NoSuchRegistration;
    }

    /// <summary>A session's registrations: officials see all with names, anyone else only their own.</summary>
    public async Task<Result<Page<RegistrationLine>>> ForSessionAsync(Guid sessionId, Caller by, Paging paging, CancellationToken cancellationToken)
    {
        var listed = await ListAsync(sessionId, by, cancellationToken);
        return listed.Value is { } lines
            ? new Page<RegistrationLine>(lines.Skip(paging.Skip).Take(paging.PageSize).ToList(), lines.Count)
            : listed.Refusal!;
    }

    /// <summary>Every registration of a session as CSV, for officials.</summary>
    public async Task<Result<CsvFile>> ExportForSessionAsync(Guid sessionId, Caller by, CancellationToken cancellationToken)
    {
        var number = await db.Sessions.Where(s => s.Id == sessionId).Select(s => (int?)s.Number).FirstOrDefaultAsync(cancellationToken);
        if (number is null)
        {
            return Refusals.NoSuchSession;
        }

        if (!by.IsOfficial)
        {
            return Refusal.Forbidden("Only officials export registrations.");
        }

        var listed = await ListAsync(sessionId, by, cancellationToken);
        if (listed.Value is not { } lines)
        {
            return listed.Refusal!;
        }

        var communities = await reports.CommunitiesAsync(cancellationToken);
        var rows = lines.Select(l => (IReadOnlyList<string?>)
        [
            l.Registration.Code, l.Registration.Status.Code(), l.Position?.ToString(CultureInfo.InvariantCulture),
            l.Registration.PersonId.ToString(), l.Name,
            l.Registration.CommunityId is { } c && communities.TryGetValue(c, out var community) ? community.Code : null,
            l.Registration.CommunityId is { } c2 && communities.TryGetValue(c2, out var community2) ? community2.NameTh : null,
            Csv.Local(l.Registration.RegisteredAt), Csv.Local(l.Registration.CheckedInAt), l.Registration.WalkIn ? "yes" : "no",
        ]);
        var bytes = Csv.Write(["code", "status", "waitlist_position", "person_id", "name", "community_code", "community_name", "registered_at", "checked_in_at", "walk_in"], rows);
        return new CsvFile(bytes, $"registrations-session-{number}.csv");
    }

    /// <summary>Confirmed first, then the waitlist in order, then cancelled.</summary>
    private async Task<Result<IReadOnlyList<RegistrationLine>>> ListAsync(Guid sessionId, Caller by, CancellationToken cancellationToken)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var caller = await People.IdentifyAsync(db, by, cancellationToken);
        var query = db.Registrations.AsNoTracking().Where(r => r.SessionId == sessionId);
        if (!caller.IsOfficial)
        {
            // A leader sees their own registrations only.
            var me = caller.PersonId ?? Guid.Empty;
            query = query.Where(r => r.PersonId == me);
        }

        var ordered = (await query.ToListAsync(cancellationToken))
            .OrderBy(r => r.Status switch { RegistrationStatus.Confirmed => 0, RegistrationStatus.Waitlisted => 1, _ => 2 })
            .ThenBy(r => r.Status == RegistrationStatus.Waitlisted ? r.WaitlistTicket : 0)
            .ThenBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .ToList();
        var waiting = await db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.WaitlistTicket).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        var positions = waiting.Select((registrationId, index) => (registrationId, index)).ToDictionary(x => x.registrationId, x => (int?)(x.index + 1));
        var names = caller.IsOfficial ? await reports.NamesAsync(ordered.Select(r => r.PersonId), cancellationToken) : [];
        return ordered.Select(r => new RegistrationLine(r, positions.GetValueOrDefault(r.Id), names.GetValueOrDefault(r.PersonId))).ToList();
    }
}
