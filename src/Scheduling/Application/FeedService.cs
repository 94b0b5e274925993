using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>A person's calendar feed at a secret address.</summary>
public sealed class FeedService(SchedulingDbContext db, TimeProvider time)
{
    // What a phone's calendar app shows as the subscribed calendar's name: the municipality's, not the project's code name.
    public const string FeedName = "การประชุมของฉัน – เทศบาลเมืองกำแพงเพชร";

    /// <summary>A new secret address for the caller's feed (its path under the gateway); the previous one stops working.</summary>
    public async Task<Result<string>> IssueAsync(Caller caller, CancellationToken cancellationToken)
    {
        var person = await People.BySubjectAsync(db, caller.Subject, cancellationToken);
        if (person is null)
        {
            return Refusals.NotLinkedToRegistry;
        }

        var secret = PersonFeed.NewSecret();
        var feed = await db.Feeds.FirstOrDefaultAsync(f => f.PersonId == person.Id, cancellationToken);
        if (feed is null)
        {
            db.Feeds.Add(feed = new PersonFeed { PersonId = person.Id });
        }

        // One address per person: the new one replaces the old in the same row.
        feed.SecretHash = PersonFeed.Hash(secret);
        feed.CreatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Refusal.Conflict("Another feed address was being issued for you at the same moment; try again.");
        }

        return $"/api/scheduling/feeds/{secret}.ics";
    }

    /// <summary>The sessions of the person whose secret this is: confirmed, waitlisted (tentative) and cancelled sessions.</summary>
    public async Task<Result<CalendarFile>> FeedAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = PersonFeed.Hash(secret);
        var feed = await db.Feeds.AsNoTracking().FirstOrDefaultAsync(f => f.SecretHash == hash, cancellationToken);
        if (feed is null)
        {
            return Refusal.NotFound("No such calendar feed.");
        }

        var rows = await db.Registrations.AsNoTracking()
            .Where(r => r.PersonId == feed.PersonId && r.Status != RegistrationStatus.Cancelled)
            .Join(db.Sessions.AsNoTracking(), r => r.SessionId, s => s.Id, (r, s) => new { r.Status, s })
            .Join(db.Venues.AsNoTracking(), x => x.s.VenueId, v => v.Id, (x, v) => new { x.Status, x.s, v })
            .Join(db.Programmes.AsNoTracking(), x => x.s.ProgrammeId, p => p.Id, (x, p) => new { x.Status, x.s, x.v, p })
            .ToListAsync(cancellationToken);
        var entries = rows.OrderBy(x => x.s.StartsAt).ThenBy(x => x.s.Id).Select(x => new CalendarEntry(x.s, x.v, x.p, x.Status));
        return new CalendarFile(Calendars.Write(entries, FeedName, time.GetUtcNow()), "sessions.ics");
    }
}
