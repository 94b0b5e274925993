using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.ServiceDefaults;

namespace Municipal.Notifications.Apis;

/// <summary>The delivery log, for admins: what went out over which channel, what failed and why; failed ones can be tried again.</summary>
public static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/deliveries")
            .WithTags("Deliveries")
            .RequireAuthorization(Policies.Admin);

        api.MapGet("", ListAsync)
            .WithName("ListDeliveries")
            .WithSummary("Deliveries, newest first; filter by status (pending, deferred, sent, failed, fell-back, cancelled), channel, kind or person (admin).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/{id:guid}/retry", RetryAsync)
            .WithName("RetryDelivery")
            .WithSummary("Sends a failed delivery again, with a fresh round of tries (admin).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Results<Ok<Page<DeliveryView>>, ProblemHttpResult>> ListAsync(
        DeliveryLog log, CancellationToken cancellationToken,
        string? status = null, string? channel = null, string? kind = null, Guid? personId = null, int? page = null, int? pageSize = null)
    {
        var result = await log.ListAsync(new DeliveryFilter(status, channel, kind, personId), page, pageSize, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> RetryAsync(
        Guid id, DeliveryLog log, CancellationToken cancellationToken)
    {
        var result = await log.RetryAsync(id, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted("/api/notifications/deliveries?status=pending", result.Value)
            : result.Refusal!.ToProblem();
    }
}
