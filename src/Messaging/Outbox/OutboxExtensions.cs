using Municipal.Messaging.Persistence;
using System.Diagnostics;
using System.Text.Json;

namespace Municipal.Messaging.Outbox;

public static class OutboxExtensions
{
    private static long _sequence;

    /// <summary>
    /// Stores <paramref name="message"/> in the outbox. It is written by the next <c>SaveChanges</c>,
    /// together with the change that raised it (or not at all), and published after the commit. Events of one
    /// <paramref name="orderingKey"/> (by default the aggregate <see cref="OrderingKeys"/> names for the event) are
    /// published in the order they were raised.
    /// </summary>
    public static OutboxMessage EnqueueEvent<T>(this ServiceDbContext db, T message, TimeProvider? time = null, string? orderingKey = null)
        where T : class
    {
        var activity = Activity.Current;
        var row = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            MessageType = MessageTypes.NameOf(typeof(T)),
            Payload = JsonSerializer.Serialize(message, MessageTypes.Json),
            CreatedAt = (time ?? TimeProvider.System).GetUtcNow(),
            Sequence = Interlocked.Increment(ref _sequence),
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
            OrderingKey = orderingKey ?? OrderingKeys.For(message),
        };
        db.OutboxMessages.Add(row);
        return row;
    }
}
