using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Redelivery;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge.Admin;

/// <summary>
/// What the event backbone gave up on, for admins, under <c>/api/{service}/admin</c>: events the outbox parked, and
/// messages the consumers parked in the error queue; each can be re-driven once its cause is mended. Every service
/// maps these routes; they are written with the edge kit like the services' own.
/// </summary>
public static class MessagingAdminApi
{
    /// <summary>409: only a parked event can be re-driven; <c>reason</c> is <c>published</c> or <c>still-trying</c>.</summary>
    public static readonly ProblemType EventNotParked = new("event-not-parked", 409, "Only a parked event can be re-driven.");

    public static RouteGroupBuilder MapMessagingAdminApi(this IEndpointRouteBuilder app, string service, string adminPolicy)
    {
        var api = app.MapGroup($"/api/{service}/admin")
            .WithTags("Messaging")
            .RequireAuthorization(adminPolicy);

        api.MapGet("/outbox/parked", ListParkedEventsAsync)
            .WithName("ListParkedEvents")
            .WithSummary("Events the outbox gave up on after its attempts, oldest first, with the last error and how many later events of their aggregate wait behind them (admin).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/outbox/parked/{id:guid}/redrive", RedriveParkedEventAsync)
            .WithName("RedriveParkedEvent")
            .WithSummary("Publishes a parked event again, with a fresh round of attempts; the events behind it follow (admin).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/messaging/parked", ListParkedMessagesAsync)
            .WithName("ListParkedMessages")
            .WithSummary("Messages this service's consumers gave up on after every redelivery (its error queue), oldest first, with their fault (admin).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/messaging/parked/{messageId:guid}/redrive", RedriveParkedMessageAsync)
            .WithName("RedriveParkedMessage")
            .WithSummary("Moves a parked message back to this service's queue, with a fresh round of redeliveries (admin).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    internal static async Task<Results<Ok<Page<ParkedEventView>>, ProblemHttpResult>> ListParkedEventsAsync(
        ParkedEvents parked, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var (items, total) = await parked.ListAsync(paging.Value.Skip, paging.Value.PageSize, cancellationToken);
        return TypedResults.Ok(new Page<ParkedEventView>(items, total));
    }

    internal static async Task<Results<Accepted, ProblemHttpResult>> RedriveParkedEventAsync(
        Guid id, ParkedEvents parked, CancellationToken cancellationToken) =>
        await parked.RedriveAsync(id, cancellationToken) switch
        {
            RedriveOutcome.Redriven => TypedResults.Accepted($"outbox/parked?id={id}"),
            RedriveOutcome.Unknown => Refusal.NotFound("No such event in this service's outbox.").ToProblem(),
            RedriveOutcome.AlreadyPublished => Refusal.Of(EventNotParked, detail: "This event has been published.").With("reason", "published").ToProblem(),
            _ => Refusal.Of(EventNotParked, detail: "This event is not parked; the relay is still trying it.").With("reason", "still-trying").ToProblem(),
        };

    internal static async Task<Results<Ok<Page<ParkedMessage>>, ProblemHttpResult>> ListParkedMessagesAsync(
        IParkedMessages parked, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        try
        {
            var (items, total) = await parked.ListAsync(paging.Value.Skip, paging.Value.PageSize, cancellationToken);
            return TypedResults.Ok(new Page<ParkedMessage>(items, total));
        }
        catch (Exception ex) when (IsBrokerFault(ex, cancellationToken))
        {
            return BrokerAway(parked);
        }
    }

    internal static async Task<Results<Accepted, ProblemHttpResult>> RedriveParkedMessageAsync(
        Guid messageId, IParkedMessages parked, CancellationToken cancellationToken)
    {
        try
        {
            return await parked.RedriveAsync(messageId, cancellationToken)
                ? TypedResults.Accepted("messaging/parked")
                : Refusal.NotFound("No such message in this service's error queue.").ToProblem();
        }
        catch (Exception ex) when (IsBrokerFault(ex, cancellationToken))
        {
            return BrokerAway(parked);
        }
    }

    private static bool IsBrokerFault(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && PublishFaults.IsBrokerUnreachable(ex);

    private static ProblemHttpResult BrokerAway(IParkedMessages parked) =>
        Refusal.Of(ProblemTypes.Unavailable, "The broker is not reachable.", $"{parked.Queue} cannot be read now; try again shortly.").ToProblem();
}
