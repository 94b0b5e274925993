using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class FeedsApi
{
    public static RouteGroupBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/feeds").WithTags("Calendar feeds");

        api.MapPost("", IssueAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("IssueCalendarFeed")
            .WithSummary("A new secret address for the caller's calendar feed; the previous address stops working.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{secret}.ics", FeedAsync)
            .AllowAnonymous()
            .WithName("GetCalendarFeed")
            .WithSummary("A person's sessions as an iCalendar feed, at the secret address: confirmed, waitlisted (tentative) and cancelled sessions.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Created<FeedView>, ProblemHttpResult>> IssueAsync(
        ClaimsPrincipal user, SchedulingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = await People.BySubjectAsync(db, user.Subject(), cancellationToken);
        if (person is null)
        {
            return Failure.UnknownPerson.ToProblem();
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
            return Failure.Conflict("Another feed address was being issued for you at the same moment; try again.").ToProblem();
        }
        var path = $"/api/scheduling/feeds/{secret}.ics";
        return TypedResults.Created(path, new FeedView(path));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FeedAsync(
        string secret, SchedulingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var hash = PersonFeed.Hash(secret);
        var feed = await db.Feeds.AsNoTracking().FirstOrDefaultAsync(f => f.SecretHash == hash, cancellationToken);
        if (feed is null)
        {
            return Failure.NotFound("No such calendar feed.").ToProblem();
        }

        var rows = await db.Registrations.AsNoTracking()
            .Where(r => r.PersonId == feed.PersonId && r.Status != RegistrationStatus.Cancelled)
            .Join(db.Sessions.AsNoTracking(), r => r.SessionId, s => s.Id, (r, s) => new { r.Status, s })
            .Join(db.Venues.AsNoTracking(), x => x.s.VenueId, v => v.Id, (x, v) => new { x.Status, x.s, v })
            .Join(db.Programmes.AsNoTracking(), x => x.s.ProgrammeId, p => p.Id, (x, p) => new { x.Status, x.s, x.v, p })
            .ToListAsync(cancellationToken);
        var entries = rows.OrderBy(x => x.s.StartsAt).ThenBy(x => x.s.Id).Select(x => new CalendarEntry(x.s, x.v, x.p, x.Status));
        var ics = Calendars.Write(entries, "การประชุมของฉัน (Municipal)", time.GetUtcNow());
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ics), Calendars.ContentType, "sessions.ics");
    }
}
