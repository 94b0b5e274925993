using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Retention;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Infrastructure;

/// <summary>
/// What an e-mail, LINE message or SMS said is emptied <see cref="RetentionOptions.DeliveryBodies"/> after it was sent,
/// or after its last try when it never will be (failed, sent by another channel, cancelled; a failed one can then no
/// longer be retried); the record of it stays. Read in-app notices go after <see cref="RetentionOptions.ReadInboxItems"/>.
/// </summary>
public sealed class NotificationsRetention : IRetentionRule<NotificationsDbContext>
{
    public string Name => "delivery-bodies";

    public async Task<int> ApplyAsync(NotificationsDbContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sentBefore = now - periods.DeliveryBodies;
        var readBefore = now - periods.ReadInboxItems;
        // Sent ones from when they were sent; those that never will be (failed, sent another way, cancelled) from their last try.
        var emptied = await db.Deliveries.Where(d => (d.Body != "" || d.Html != null || d.Calendar != null)
                && ((d.SentAt != null && d.SentAt < sentBefore)
                    || (d.SentAt == null && d.Status != DeliveryStatus.Pending && d.Status != DeliveryStatus.Deferred
                        && (d.LastAttemptAt ?? d.CreatedAt) < sentBefore)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Body, "")
                .SetProperty(d => d.ShortText, (string?)null)
                .SetProperty(d => d.Html, (string?)null)
                .SetProperty(d => d.Calendar, (string?)null), cancellationToken);
        var read = await db.InboxItems.Where(i => i.ReadAt != null && i.ReadAt < readBefore).ExecuteDeleteAsync(cancellationToken);
        return emptied + read;
    }
}
