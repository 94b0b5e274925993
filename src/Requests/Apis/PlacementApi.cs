using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>The body of <c>POST /api/requests/{id}/location</c>.</summary>
public sealed record PlacementRequest(double? Latitude, double? Longitude, Guid? CommunityId);

/// <summary>Where a request is: staff place an address-only request (Open311, LINE) or correct a pin.</summary>
public static class PlacementApi
{
    public static RouteHandlerBuilder MapPlacementApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/requests/{id:guid}/location", PlaceAsync)
            .WithTags("Requests")
            .RequireAuthorization(Policies.SignedIn)
            .WithName("PlaceRequest")
            .WithSummary("Put the request on the map (a point inside the municipality, and its community: named, or the nearest). Staff who work it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> PlaceAsync(
        Guid id, PlacementRequest body, HttpContext http, ClaimsPrincipal user, RequestPlacement placement, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var placed = await placement.PlaceAsync(id, new PlacementCommand(body.Latitude, body.Longitude, body.CommunityId), caller,
            version => Preconditions.CheckIfMatch(http.Request, version), cancellationToken);
        if (!placed.Succeeded)
        {
            return placed.Refusal!.ToProblem();
        }

        http.Response.SetETag(placed.Value!.Request.Version);
        return TypedResults.Ok(RequestView.From(placed.Value, caller, time.GetUtcNow()));
    }
}
