using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Rendering;
using System.Diagnostics;

namespace Municipal.Notifications.Application;

/// <summary>
/// Turns a notice and its recipients into deliveries, one per (event, recipient, channel), in the
/// consumer's transaction. Sending is the dispatcher's job; this only writes down what is to be sent,
/// so a consumer stays quick and a redelivered event finds its deliveries already there.
/// </summary>
public sealed class NoticeWriter(NotificationsDbContext db, TemplateLibrary templates, TimeProvider time)
{
    public Task<int> WriteAsync(Notice notice, IEnumerable<Recipient> recipients, CancellationToken cancellationToken) =>
        WriteAsync([(notice, recipients)], cancellationToken);

    /// <summary>
    /// Several notices at once (an event told to its submitter and to a division): what was written for their events
    /// already is read in one statement.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<(Notice Notice, IEnumerable<Recipient> Recipients)> notices, CancellationToken cancellationToken)
    {
        var keys = notices.Select(n => n.Notice.EventKey).Distinct().ToList();
        var key = keys[0];
        var ofTheirEvents = keys.Count == 1 // usually: one event, and a plain equality on its key
            ? db.Deliveries.AsNoTracking().Where(d => d.EventKey == key)
            : db.Deliveries.AsNoTracking().Where(d => keys.Contains(d.EventKey));
        var existing = (await ofTheirEvents
                .Select(d => new { d.EventKey, d.RecipientKey, d.Channel })
                .ToListAsync(cancellationToken))
            .Select(d => (d.EventKey, d.RecipientKey, d.Channel))
            .ToHashSet();
        var written = 0;
        foreach (var (notice, recipients) in notices)
        {
            written += Write(notice, recipients, existing.Where(e => e.EventKey == notice.EventKey).Select(e => (e.RecipientKey, e.Channel)).ToHashSet());
        }

        return written;
    }

    private int Write(Notice notice, IEnumerable<Recipient> recipients, HashSet<(string RecipientKey, string Channel)> existing)
    {
        var now = time.GetUtcNow();
        var activity = Activity.Current;
        var traceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null;
        var written = 0;

        foreach (var recipient in recipients.DistinctBy(r => r.Key))
        {
            var channels = ChannelPlan.For(recipient);
            var planned = channels.Count == 0 ? [recipient.PreferredChannel] : channels;
            if (planned.All(c => existing.Contains((recipient.Key, c))))
            {
                continue; // told already: a redelivered or replayed event
            }

            var values = notice.Values(recipient, recipient.Language);
            values.TryAdd("name", recipient.DisplayName);
            var message = templates.Render(notice.Kind, recipient.Language, values);
            var calendar = ChannelPlan.CarriesCalendar(channels) ? notice.Calendar?.Invoke(recipient) : null;
            var draft = new DeliveryDraft(
                notice.EventKey, notice.Kind, recipient, message, notice.Link, notice.OccurredAt,
                notice.AboutPersonId, calendar, notice.MustArriveBefore, traceParent);

            if (channels.Count == 0)
            {
                db.Deliveries.Add(Delivery.Unreachable(draft, recipient.PreferredChannel, now));
                NotificationsTelemetry.Failed.Add(1, NotificationsTelemetry.Tags(recipient.PreferredChannel, notice.Kind));
                written++;
                continue;
            }

            foreach (var channel in channels.Where(c => !existing.Contains((recipient.Key, c))))
            {
                db.Deliveries.Add(Delivery.Create(draft, channel, now));
                written++;
            }
        }

        return written;
    }
}
