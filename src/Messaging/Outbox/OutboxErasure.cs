using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Outbox;

/// <summary>
/// PDPA erasure reaches the outbox: the events that carried the erased person's values (sent or still waiting) are
/// deleted with the erasure, in its transaction. The erasure event that follows them (same ordering key) tells every
/// consumer to forget the person, so a consumer that never got the deleted ones loses nothing it may keep. A row the
/// relay holds at that moment (published, its confirm or its mark as sent still to come) is deleted too: the relay's
/// later updates are by id and find nothing, and the erasure event, behind it on the same key, still follows.
/// </summary>
public static class OutboxErasure
{
    /// <summary>Deletes the rows of <paramref name="orderingKey"/> whose type is one of <paramref name="carryingValues"/>.</summary>
    public static Task<int> ForgetAsync(this ServiceDbContext db, string orderingKey, IEnumerable<Type> carryingValues, CancellationToken cancellationToken)
    {
        var types = carryingValues.Select(MessageTypes.NameOf).ToList();
        return db.OutboxMessages
            .Where(m => m.OrderingKey == orderingKey && types.Contains(m.MessageType))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
