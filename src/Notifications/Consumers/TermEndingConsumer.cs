using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Consumers;

/// <summary>Tells the office holder their term ends soon, and the registry staff's shared inbox who is leaving which office.</summary>
public sealed class TermEndingConsumer(NotificationsDbContext db, TimeProvider time, RecipientDirectory directory, Notices notices, NoticeWriter writer)
    : IdempotentConsumer<TermEnding, NotificationsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<TermEnding> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var holder = await directory.PersonAsync(m.PersonId, cancellationToken);
        if (holder is not null)
        {
            await writer.WriteAsync(notices.TermEnds(m, forRegistry: false, holderName: null), [holder], cancellationToken);
        }

        // The registry's staff read Thai; an erased holder is named by nobody.
        var person = await Db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == m.PersonId, cancellationToken);
        var thaiName = person is { IsErased: false } ? person.DisplayName(Languages.Thai) : null;
        await writer.WriteAsync(notices.TermEnds(m, forRegistry: true, thaiName), [Recipient.ForMailbox(SharedMailboxes.Registry)], cancellationToken);
    }
}
