using Municipal.Messaging.Signals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults;
using System.Text.Json;

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

    /// <summary>No addresses: the log says whom (by id), over what, and how it went.</summary>
    public sealed record DeliveryView(
        Guid Id, string Kind, string Channel, DeliveryStatus Status, string Recipient, Guid? PersonId, string Title,
        int Attempts, DateTimeOffset CreatedAt, DateTimeOffset EventOccurredAt, DateTimeOffset NextAttemptAt,
        DateTimeOffset? LastAttemptAt, DateTimeOffset? SentAt, string? LastError, string? FallbackFrom)
    {
        public static DeliveryView From(Delivery d) => new(
            d.Id, d.Kind, d.Channel, d.Status, d.RecipientKey, d.PersonId, d.Title, d.Attempts, d.CreatedAt, d.EventOccurredAt,
            d.NextAttemptAt, d.LastAttemptAt, d.SentAt, d.LastError, d.FallbackFrom);
    }

    internal static async Task<Results<Ok<Page<DeliveryView>>, ValidationProblem>> ListAsync(
        NotificationsDbContext db, CancellationToken cancellationToken,
        string? status = null, string? channel = null, string? kind = null, Guid? personId = null, int page = 1, int pageSize = 20)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } badPaging)
        {
            return badPaging;
        }

        var errors = new Dictionary<string, string[]>();
        DeliveryStatus? wanted = null;
        if (status is not null)
        {
            var statuses = Enum.GetValues<DeliveryStatus>().ToDictionary(s => JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()));
            if (statuses.TryGetValue(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"status is one of {string.Join(", ", statuses.Keys)}."];
            }
        }

        if (channel is not null && !Channels.IsKnown(channel))
        {
            errors["channel"] = [$"channel is one of {string.Join(", ", Channels.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The filter is not valid.");
        }

        var query = db.Deliveries.AsNoTracking();
        if (wanted is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        if (channel is not null)
        {
            query = query.Where(d => d.Channel == channel);
        }

        if (kind is not null)
        {
            query = query.Where(d => d.Kind == kind);
        }

        if (personId is { } person)
        {
            query = query.Where(d => d.PersonId == person);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<DeliveryView>(items.Select(DeliveryView.From).ToList(), total));
    }

    internal static async Task<Results<Accepted<DeliveryView>, NotFound, ProblemHttpResult>> RetryAsync(
        Guid id, NotificationsDbContext db, CommitSignal<Delivery> signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        if (!delivery.Retry(time.GetUtcNow()))
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "Only a failed delivery can be retried.",
                $"This delivery is {JsonNamingPolicy.KebabCaseLower.ConvertName(delivery.Status.ToString())}.");
        }

        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted("/api/notifications/deliveries?status=pending", DeliveryView.From(delivery));
    }
}
