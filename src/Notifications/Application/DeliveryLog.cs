using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Messaging.Signals;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using System.Text.Json;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Notifications.Application;

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

/// <summary>What the delivery log is filtered by; each is optional. <c>Status</c> is a kebab-case status, e.g. <c>fell-back</c>.</summary>
public sealed record DeliveryFilter(string? Status, string? Channel, string? Kind, Guid? PersonId);

/// <summary>The delivery log, for admins: what went out over which channel, what failed and why; failed ones can be tried again.</summary>
public sealed class DeliveryLog(NotificationsDbContext db, CommitSignal<Delivery> signal, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, DeliveryStatus> Statuses =
        Enum.GetValues<DeliveryStatus>().ToDictionary(Code);

    /// <summary>Newest first.</summary>
    public async Task<Result<Page<DeliveryView>>> ListAsync(DeliveryFilter filter, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!;
        }

        var errors = new Dictionary<string, FieldError[]>();
        DeliveryStatus? wanted = null;
        if (filter.Status is not null)
        {
            if (Statuses.TryGetValue(filter.Status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [FieldError.NotOneOf(Statuses.Keys, $"status is one of {string.Join(", ", Statuses.Keys)}.")];
            }
        }

        if (filter.Channel is not null && !Channels.IsKnown(filter.Channel))
        {
            errors["channel"] = [FieldError.NotOneOf(Channels.All, $"channel is one of {string.Join(", ", Channels.All)}.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = db.Deliveries.AsNoTracking();
        if (wanted is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(d => d.Channel == channel);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(d => d.Kind == kind);
        }

        if (filter.PersonId is { } person)
        {
            query = query.Where(d => d.PersonId == person);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Value.Of(query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)).ToListAsync(cancellationToken);
        return new Page<DeliveryView>(items.Select(DeliveryView.From).ToList(), total);
    }

    /// <summary>Sends a failed delivery again, with a fresh round of tries; the dispatcher is woken once it is saved.</summary>
    public async Task<Result<DeliveryView>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return Refusal.NotFound("No such delivery.");
        }

        if (delivery.Status == DeliveryStatus.Failed && delivery.IsEmptied)
        {
            return Refusal.Of(NotificationsProblems.DeliveryEmptied,
                detail: "The person was erased, or the delivery outlived the time its words are kept: write a new notice instead.");
        }

        if (!delivery.Retry(time.GetUtcNow()))
        {
            return Refusal.Of(NotificationsProblems.DeliveryNotFailed, detail: $"This delivery is {Code(delivery.Status)}.")
                .With("deliveryStatus", Code(delivery.Status));
        }

        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return DeliveryView.From(delivery);
    }

    private static string Code(DeliveryStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}
