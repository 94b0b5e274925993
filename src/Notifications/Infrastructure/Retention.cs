using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Retention;

namespace Municipal.Notifications.Infrastructure;

/// <summary>
/// What an e-mail, LINE message or SMS said is emptied <see cref="RetentionOptions.DeliveryBodies"/> after it was sent
/// (the record that it was sent stays); read in-app notices go after <see cref="RetentionOptions.ReadInboxItems"/>.
/// </summary>
public sealed class NotificationsRetention : IRetentionRule<NotificationsDbContext>
{
    public string Name => "delivery-bodies";

    public async Task<int> ApplyAsync(NotificationsDbContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sentBefore = now - periods.DeliveryBodies;
        var readBefore = now - periods.ReadInboxItems;
        var emptied = await db.Deliveries.Where(d => d.SentAt != null && d.SentAt < sentBefore && (d.Body != "" || d.Html != null || d.Calendar != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Body, "")
                .SetProperty(d => d.ShortText, (string?)null)
                .SetProperty(d => d.Html, (string?)null)
                .SetProperty(d => d.Calendar, (string?)null), cancellationToken);
        var read = await db.InboxItems.Where(i => i.ReadAt != null && i.ReadAt < readBefore).ExecuteDeleteAsync(cancellationToken);
        return emptied + read;
    }
}
