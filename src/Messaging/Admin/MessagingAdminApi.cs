using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Persistence;
using Municipal.Messaging.Redelivery;

namespace Municipal.Messaging.Admin;

/// <summary>A page of a list: <c>{ items, total }</c>.</summary>
public sealed record AdminPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>A parked outbox row: what it is and why it stopped, never its payload (it may hold personal data).</summary>
public sealed record ParkedEventView(
    Guid Id, string MessageType, string? OrderingKey, int Attempts, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? ParkedAt, int WaitingBehind);

/// <summary>
/// What the event backbone gave up on, for admins, under <c>/api/{service}/admin</c>: events the outbox parked, and
/// messages the consumers parked in the error queue; each can be re-driven once its cause is mended.
/// </summary>
public static class MessagingAdminApi
{
    public const int MaxPageSize = 100;

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

    internal static async Task<Results<Ok<AdminPage<ParkedEventView>>, ValidationProblem>> ListParkedEventsAsync(
        ServiceDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (CheckPaging(page, pageSize) is { } badPaging)
        {
            return badPaging;
        }

        var parked = db.OutboxMessages.AsNoTracking().Where(m => m.ParkedAt != null && m.SentAt == null);
        var total = await parked.CountAsync(cancellationToken);
        var rows = await parked.OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence).ThenBy(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new { m.Id, m.MessageType, m.OrderingKey, m.Attempts, m.LastError, m.CreatedAt, m.ParkedAt })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => r.OrderingKey).OfType<string>().Distinct().ToList();
        var waiting = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.ParkedAt == null && m.OrderingKey != null && keys.Contains(m.OrderingKey))
            .GroupBy(m => m.OrderingKey!)
            .Select(g => new { Key = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var items = rows.Select(r => new ParkedEventView(
            r.Id, r.MessageType, r.OrderingKey, r.Attempts, r.LastError, r.CreatedAt, r.ParkedAt,
            r.OrderingKey is { } key ? waiting.GetValueOrDefault(key) : 0)).ToList();
        return TypedResults.Ok(new AdminPage<ParkedEventView>(items, total));
    }

    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RedriveParkedEventAsync(
        Guid id, ServiceDbContext db, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var row = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.SentAt, m.ParkedAt }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        // One conditional update: a row re-driven twice at once, or sent meanwhile, changes once.
        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.ParkedAt != null && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a parked event can be re-driven.",
                detail: row.SentAt is not null ? "This event has been published." : "This event is not parked; the relay is still trying it.");
        }

        signal.Notify();
        return TypedResults.Accepted($"outbox/parked?id={id}");
    }

    internal static async Task<Results<Ok<AdminPage<ParkedMessage>>, ValidationProblem, ProblemHttpResult>> ListParkedMessagesAsync(
        IParkedMessages parked, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (CheckPaging(page, pageSize) is { } badPaging)
        {
            return badPaging;
        }

        try
        {
            var (items, total) = await parked.ListAsync((page - 1) * pageSize, pageSize, cancellationToken);
            return TypedResults.Ok(new AdminPage<ParkedMessage>(items, total));
        }
        catch (Exception ex) when (IsBrokerFault(ex, cancellationToken))
        {
            return BrokerAway(parked);
        }
    }

    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RedriveParkedMessageAsync(
        Guid messageId, IParkedMessages parked, CancellationToken cancellationToken)
    {
        try
        {
            return await parked.RedriveAsync(messageId, cancellationToken)
                ? TypedResults.Accepted("messaging/parked")
                : TypedResults.NotFound();
        }
        catch (Exception ex) when (IsBrokerFault(ex, cancellationToken))
        {
            return BrokerAway(parked);
        }
    }

    private static bool IsBrokerFault(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && PublishFaults.IsBrokerUnreachable(ex);

    private static ProblemHttpResult BrokerAway(IParkedMessages parked) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The broker is not reachable.",
            detail: $"{parked.Queue} cannot be read now; try again shortly.");

    private static ValidationProblem? CheckPaging(int page, int pageSize) =>
        page < 1 || pageSize < 1 || pageSize > MaxPageSize
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paging"] = [$"page must be 1 or more and pageSize between 1 and {MaxPageSize}."],
            }, title: "The paging is not valid.")
            : null;
}
