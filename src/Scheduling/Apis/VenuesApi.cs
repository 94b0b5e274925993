using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling.Apis;

public static class VenuesApi
{
    public static RouteGroupBuilder MapVenuesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/venues").WithTags("Venues");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListVenues")
            .WithSummary("The meeting rooms sessions can be held in.");

        api.MapPost("", CreateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CreateVenue")
            .WithSummary("Add a meeting room (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Ok<Page<VenueView>>> ListAsync(SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var venues = await db.Venues.AsNoTracking().OrderBy(v => v.Name).ThenBy(v => v.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<VenueView>(venues.Select(VenueView.From).ToList(), venues.Count));
    }

    internal static async Task<Results<Created<VenueView>, ProblemHttpResult>> CreateAsync(
        VenueDraft draft, SchedulingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors, "The venue is not valid.").ToProblem();
        }

        var name = draft.Name.Trim();
        if (await db.Venues.AnyAsync(v => v.Name == name, cancellationToken))
        {
            return Failure.Conflict("A venue with this name exists.").ToProblem();
        }

        var venue = Venue.Create(name, draft.Building, draft.Floor, draft.Capacity, time.GetUtcNow());
        db.Venues.Add(venue);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Failure.Conflict("A venue with this name exists.").ToProblem();
        }

        return TypedResults.Created($"/api/scheduling/venues/{venue.Id}", VenueView.From(venue));
    }
}
