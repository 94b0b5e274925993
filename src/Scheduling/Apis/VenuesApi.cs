using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
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

    internal static async Task<Ok<Page<VenueView>>> ListAsync(VenueService venues, CancellationToken cancellationToken)
    {
        var all = await venues.ListAsync(cancellationToken);
        return TypedResults.Ok(new Page<VenueView>(all.Items.Select(VenueView.From).ToList(), all.Total));
    }

    internal static async Task<Results<Created<VenueView>, ProblemHttpResult>> CreateAsync(
        VenueDraft draft, VenueService venues, CancellationToken cancellationToken)
    {
        var created = await venues.CreateAsync(draft, cancellationToken);
        return created.Value is { } venue
            ? TypedResults.Created($"/api/scheduling/venues/{venue.Id}", VenueView.From(venue))
            : created.Refusal!.ToProblem();
    }
}
