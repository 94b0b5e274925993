using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class CheckInApi
{
    public static RouteGroupBuilder MapCheckInApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions/{id:guid}/check-ins").WithTags("Check-in");

        api.MapPost("", CheckInAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CheckIn")
            .WithSummary("Check a person in by code (typed or scanned) or, for a walk-in, by personId while seats remain. Twice is harmless (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    public sealed record CheckInRequest(string? Code = null, Guid? PersonId = null);

    internal static async Task<Results<Ok<CheckInView>, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInRequest request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var checkedIn = await checkIns.CheckInAsync(id, request.Code, request.PersonId, user.Subject(), cancellationToken);
        return checkedIn.Value is { } value ? TypedResults.Ok(CheckInView.From(value)) : checkedIn.Refusal!.ToProblem();
    }
}
