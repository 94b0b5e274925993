using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Application;

/// <summary>What staff send: whom to, the title and the message.</summary>
public sealed record AnnouncementDraft(string? Audience, Guid? CommunityId, Guid? SessionId, string? Title, string? Message);

/// <summary>How an announcement's deliveries on one channel stand: sent (reached), waiting (pending or held by quiet hours), failed, fell back, cancelled.</summary>
public sealed record ChannelReach(string Channel, int Planned, int Sent, int Waiting, int Deferred, int Failed, int FellBack, int Cancelled);

/// <summary>An announcement and, per channel, how many it reached.</summary>
public sealed record AnnouncementReport(Announcement Announcement, int Reached, IReadOnlyList<ChannelReach> Channels);

/// <summary>
/// Announcements from staff (<see cref="Announcement"/>): whom they go to is read from the local copies of the registry's
/// offices and of the registrations; each person gets one notice on their own channels through the same
/// <see cref="NoticeWriter"/> as every event, so the dispatcher's quiet hours, retries and fallbacks apply. The sender
/// sees counts per channel, never who.
/// </summary>
public sealed class Announcements(NotificationsDbContext db, RecipientDirectory directory, CaseworkNotices notices, NoticeWriter writer, TimeProvider time)
{
    public async Task<Result<AnnouncementReport>> SendAsync(AnnouncementDraft draft, Caller caller, CancellationToken cancellationToken)
    {
        var audience = draft.Audience?.Trim();
        var errors = Announcement.Validate(audience, draft.CommunityId, draft.SessionId, draft.Title, draft.Message);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The announcement is not valid.");
        }

        var now = time.GetUtcNow();
        var today = BangkokTime.DateOf(now);
        var recipients = audience switch
        {
            Audiences.AllLeaders => await directory.CommunityOfficeHoldersAsync(null, today, cancellationToken),
            Audiences.Community => await directory.CommunityOfficeHoldersAsync(draft.CommunityId, today, cancellationToken),
            _ => (await directory.RegistrantsAsync(draft.SessionId!.Value, null, cancellationToken)).Select(r => r.Recipient).ToList(),
        };
        if (recipients.Count == 0)
        {
            return Refusal.Of(NotificationsProblems.NoRecipients,
                detail: "Nobody holds an office there, or nobody is registered for that session, as far as this service knows.")
                .With("audience", audience);
        }

        var announcement = Announcement.Send(audience!, draft.CommunityId, draft.SessionId, draft.Title!, draft.Message!, caller.Subject, recipients.Count, now);
        db.Announcements.Add(announcement);
        await writer.WriteAsync(notices.Announcement(announcement), recipients, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        NotificationsTelemetry.Announced.Add(1, new KeyValuePair<string, object?>("audience", audience));
        return await ReportAsync(announcement, cancellationToken);
    }

    public async Task<Result<AnnouncementReport>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Announcements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } found
            ? await ReportAsync(found, cancellationToken)
            : Refusal.NotFound("No such announcement.");

    public async Task<Result<Page<AnnouncementReport>>> ListAsync(int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } refusal)
        {
            return refusal;
        }

        var total = await db.Announcements.CountAsync(cancellationToken);
        var items = await paging.Value.Of(db.Announcements.AsNoTracking().OrderByDescending(a => a.SentAt).ThenByDescending(a => a.Id)).ToListAsync(cancellationToken);
        var reports = new List<AnnouncementReport>();
        foreach (var item in items)
        {
            reports.Add(await ReportAsync(item, cancellationToken));
        }

        return new Page<AnnouncementReport>(reports, total);
    }

    private async Task<AnnouncementReport> ReportAsync(Announcement announcement, CancellationToken cancellationToken)
    {
        var key = announcement.EventKey;
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.EventKey == key)
            .GroupBy(d => new { d.Channel, d.Status })
            .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var channels = rows.GroupBy(r => r.Channel).OrderBy(g => Array.IndexOf(ChannelOrder, g.Key)).ThenBy(g => g.Key)
            .Select(g =>
            {
                int Of(DeliveryStatus status) => g.Where(r => r.Status == status).Sum(r => r.Count);
                return new ChannelReach(g.Key, g.Sum(r => r.Count), Of(DeliveryStatus.Sent), Of(DeliveryStatus.Pending) + Of(DeliveryStatus.Deferred),
                    Of(DeliveryStatus.Deferred), Of(DeliveryStatus.Failed), Of(DeliveryStatus.FellBack), Of(DeliveryStatus.Cancelled));
            })
            .ToList();
        var reached = await db.Deliveries.AsNoTracking().Where(d => d.EventKey == key && d.Status == DeliveryStatus.Sent)
            .Select(d => d.RecipientKey).Distinct().CountAsync(cancellationToken);
        return new AnnouncementReport(announcement, reached, channels);
    }

    private static readonly string[] ChannelOrder = [ChannelCodes.InApp, ChannelCodes.Line, ChannelCodes.Sms, ChannelCodes.Email];
}
