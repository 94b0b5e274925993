using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;

namespace Municipal.Communities.Application;

/// <summary>Turns terms of office into views: holders' names, community and division codes, and contact details when allowed.</summary>
public sealed partial class OfficeReader(CommunitiesDbContext db, Registry registry, ILogger<OfficeReader> logger)
{
    /// <param name="contactReader">
    /// When given, the holders' contact details are included and each read is written to the access log
    /// (before anything is returned) — the caller has checked that this reader may see them.
    /// </param>
    /// <param name="contactOn">Which terms show their holder's contact details to the reader (all when not given).</param>
    public async Task<List<OfficeView>> ViewsAsync(IReadOnlyList<Office> offices, CancellationToken cancellationToken,
        Caller? contactReader = null, string purpose = "community-offices", Func<Office, bool>? contactOn = null)
    {
        var showsContact = (Office o) => contactReader is not null && (contactOn is null || contactOn(o));
        var personIds = offices.Select(o => o.PersonId).Distinct().ToList();
        var communityIds = offices.Where(o => o.CommunityId is not null).Select(o => o.CommunityId!.Value).Distinct().ToList();
        var divisionIds = offices.Where(o => o.DivisionId is not null).Select(o => o.DivisionId!.Value).Distinct().ToList();

        var people = personIds.Count == 0 ? [] : await db.People.AsNoTracking()
            .Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var communityCodes = communityIds.Count == 0 ? [] : await db.Communities.AsNoTracking()
            .Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var divisionCodes = divisionIds.Count == 0 ? [] : await db.Divisions.AsNoTracking()
            .Where(d => divisionIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Code, cancellationToken);

        if (contactReader is not null)
        {
            var shown = offices.Where(showsContact).Select(o => o.PersonId).ToHashSet();
            await RecordReadsAsync(contactReader, people.Values.Where(p => !p.IsErased && shown.Contains(p.Id)), purpose, cancellationToken);
        }

        return offices.Select(o =>
        {
            var holder = people[o.PersonId];
            return new OfficeView(o.Id, o.Role, o.PersonId, holder.IsErased ? null : holder.DisplayName, holder.IsErased,
                o.CommunityId, o.CommunityId is { } c ? communityCodes[c] : null,
                o.DivisionId, o.DivisionId is { } d ? divisionCodes[d] : null,
                o.StartDate, o.EndDate,
                showsContact(o) && !holder.IsErased ? ContactView.From(holder) : null);
        }).ToList();
    }

    /// <summary>Writes one access-log entry per person whose contact details the reader is about to see (not for their own).</summary>
    public async Task RecordReadsAsync(Caller reader, IEnumerable<Person> people, string purpose, CancellationToken cancellationToken)
    {
        var logged = 0;
        foreach (var person in people.Where(p => !reader.Is(p)))
        {
            registry.RecordContactRead(reader, person.Id, purpose);
            logged++;
        }

        if (logged > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            LogReads(logged, purpose);
            CommunitiesTelemetry.ContactReads.Add(logged, new KeyValuePair<string, object?>("purpose", purpose));
        }
    }

    [LoggerMessage(LogLevel.Information, "Recorded {Count} reads of contact details ({Purpose}) in the access log.")]
    private partial void LogReads(int count, string purpose);
}
