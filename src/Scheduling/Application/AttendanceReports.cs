using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using System.Globalization;
using System.Text;

namespace Municipal.Scheduling.Application;

public sealed record SessionAttendance(
    Guid SessionId, int Number, string Title, DateTimeOffset StartsAt, string Status,
    int Capacity, int Confirmed, int Waitlisted, int Attended, int WalkIns, int? AttendeeCount);

public sealed record CommunityAttendance(
    Guid CommunityId, string Code, string NameTh, string? NameEn, string Status, bool Came, int Attendances, IReadOnlyList<int> Sessions);

public sealed record PersonAttendance(Guid PersonId, string Name, Guid? CommunityId, int Attended, int Of, IReadOnlyList<int> Sessions);

/// <summary>Who came: per session, per community (which of the communities came), per person (attended k of n).</summary>
public sealed record AttendanceReport(
    Guid ProgrammeId, string Title, int FiscalYear, int SessionsHeld,
    IReadOnlyList<SessionAttendance> Sessions,
    int CommunitiesThatCame, int CommunitiesTotal,
    IReadOnlyList<CommunityAttendance> Communities,
    IReadOnlyList<PersonAttendance> People);

/// <summary>One line of attendance, as exported.</summary>
public sealed record AttendanceLine(
    int SessionNumber, DateOnly SessionDate, Guid PersonId, string Name, string? CommunityCode, string? CommunityName, DateTimeOffset CheckedInAt, bool WalkIn);

/// <summary>
/// Attendance of a programme. A session counts as held once it has begun and was not cancelled: "attended k of n"
/// counts only sessions that took place, never those still to come.
/// </summary>
public sealed class AttendanceReports(SchedulingDbContext db, TimeProvider time)
{
    public async Task<Result<AttendanceReport>> ForProgrammeAsync(Guid programmeId, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null)
        {
            return Refusals.NoSuchProgramme;
        }

        var sessions = await db.Sessions.AsNoTracking().Where(s => s.ProgrammeId == programmeId)
            .OrderBy(s => s.Number).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => sessionIds.Contains(r.SessionId) && r.Status != RegistrationStatus.Cancelled)
            .ToListAsync(cancellationToken);
        var attended = registrations.Where(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAt != null).ToList();
        var numberOf = sessions.ToDictionary(s => s.Id, s => s.Number);
        var now = time.GetUtcNow();
        var held = sessions.Count(s => Held(s, now));

        var perSession = sessions.Select(s =>
        {
            var mine = registrations.Where(r => r.SessionId == s.Id).ToList();
            return new SessionAttendance(s.Id, s.Number, s.Title, s.StartsAt, s.Status.Code(), s.Capacity,
                mine.Count(r => r.Status == RegistrationStatus.Confirmed),
                mine.Count(r => r.Status == RegistrationStatus.Waitlisted),
                mine.Count(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAt != null),
                mine.Count(r => r.WalkIn),
                s.AttendeeCount);
        }).ToList();

        var communities = await db.Communities.AsNoTracking().ToListAsync(cancellationToken);
        var byCommunity = attended.Where(r => r.CommunityId != null).ToLookup(r => r.CommunityId!.Value);
        var perCommunity = communities
            .Where(c => c.Status == "active" || byCommunity.Contains(c.Id))
            .Select(c => new CommunityAttendance(c.Id, c.Code, c.NameTh, c.NameEn, c.Status, byCommunity.Contains(c.Id), byCommunity[c.Id].Count(),
                byCommunity[c.Id].Select(r => numberOf[r.SessionId]).Distinct().Order().ToList()))
            .OrderBy(c => c.Code, StringComparer.Ordinal).ThenBy(c => c.CommunityId)
            .ToList();

        var personIds = registrations.Select(r => r.PersonId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var perPerson = registrations.GroupBy(r => r.PersonId)
            .Select(g =>
            {
                var came = g.Where(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAt != null).Select(r => numberOf[r.SessionId]).Distinct().Order().ToList();
                var community = g.OrderByDescending(r => r.RegisteredAt).Select(r => r.CommunityId).FirstOrDefault(c => c != null);
                return new PersonAttendance(g.Key, people.TryGetValue(g.Key, out var p) ? p.DisplayName : "", community, came.Count, held, came);
            })
            .OrderByDescending(p => p.Attended).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.PersonId)
            .ToList();

        return new AttendanceReport(programme.Id, programme.Title, programme.FiscalYear, held, perSession,
            perCommunity.Count(c => c.Came), communities.Count(c => c.Status == "active"), perCommunity, perPerson);
    }

    /// <summary>A session took place: it began, and was not cancelled.</summary>
    public static bool Held(Session session, DateTimeOffset now) => session.Status != SessionStatus.Cancelled && session.StartsAt <= now;

    /// <summary>Every attendance of a programme as CSV.</summary>
    public async Task<Result<CsvFile>> ExportAsync(Guid programmeId, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null)
        {
            return Refusals.NoSuchProgramme;
        }

        var lines = await LinesAsync(programmeId, cancellationToken);
        var bytes = Csv.Write(
            ["session_number", "session_date", "person_id", "name", "community_code", "community_name", "checked_in_at", "walk_in"],
            lines.Select(l => (IReadOnlyList<string?>)
            [
                l.SessionNumber.ToString(CultureInfo.InvariantCulture), l.SessionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                l.PersonId.ToString(), l.Name, l.CommunityCode, l.CommunityName, Csv.Local(l.CheckedInAt), l.WalkIn ? "yes" : "no",
            ]));
        return new CsvFile(bytes, $"attendance-fy{programme.FiscalYear}.csv");
    }

    public async Task<IReadOnlyList<AttendanceLine>> LinesAsync(Guid programmeId, CancellationToken cancellationToken)
    {
        var rows = await db.Registrations.AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Confirmed && r.CheckedInAt != null)
            .Join(db.Sessions.AsNoTracking().Where(s => s.ProgrammeId == programmeId), r => r.SessionId, s => s.Id, (r, s) => new { r, s.Number, s.StartsAt })
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(rows.Select(x => x.r.PersonId), cancellationToken);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        return rows
            .OrderBy(x => x.Number).ThenBy(x => x.r.CheckedInAt).ThenBy(x => x.r.Id)
            .Select(x => new AttendanceLine(x.Number, BangkokTime.DateOf(x.StartsAt), x.r.PersonId, names.GetValueOrDefault(x.r.PersonId, ""),
                x.r.CommunityId is { } c && communities.TryGetValue(c, out var community) ? community.Code : null,
                x.r.CommunityId is { } c2 && communities.TryGetValue(c2, out var community2) ? community2.NameTh : null,
                x.r.CheckedInAt!.Value, x.r.WalkIn))
            .ToList();
    }

    public async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> personIds, CancellationToken cancellationToken)
    {
        var ids = personIds.Distinct().ToList();
        return (await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken))
            .ToDictionary(p => p.Id, p => p.DisplayName);
    }

    public async Task<Dictionary<Guid, RegistryCommunity>> CommunitiesAsync(CancellationToken cancellationToken) =>
        await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
}

/// <summary>A CSV document and the name to download it as.</summary>
public sealed record CsvFile(byte[] Content, string FileName);

/// <summary>CSV as spreadsheets open it: UTF-8 with a byte-order mark (so Thai shows in Excel), times in Bangkok.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field ?? "");
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    public static string Local(DateTimeOffset? instant) =>
        instant is { } value ? BangkokTime.ToLocal(value).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
