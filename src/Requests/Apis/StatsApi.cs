using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Apis;

public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/stats").WithTags("Service levels");

        api.MapGet("", GetAsync)
            .RequireAuthorization(Policies.Officials)
            .WithName("GetRequestStatistics")
            .WithSummary("Count, median hours to first response and to resolution, and overdue share, per category, community and division.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }

    internal static async Task<Results<Ok<StatsView>, ProblemHttpResult>> GetAsync(
        RequestStatistics statistics, CancellationToken cancellationToken,
        int? fiscalYear = null, Guid? community = null, string? category = null, string? division = null)
    {
        var stats = await statistics.GetAsync(fiscalYear, community, category, division, cancellationToken);
        return stats.Succeeded ? TypedResults.Ok(stats.Value!) : stats.Refusal!.ToProblem();
    }
}
