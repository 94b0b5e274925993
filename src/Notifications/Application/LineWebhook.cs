using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Application;

/// <summary>What the LINE webhook's verified events do: link a LINE user to a person by their one-time code, or unlink.</summary>
public sealed partial class LineWebhook(
    NotificationsDbContext db, RecipientDirectory directory, Notices notices, NoticeWriter writer, TimeProvider time, ILogger<LineWebhook> logger)
{
    public sealed record Payload(string? Destination, List<Event>? Events);

    public sealed record Event(string? Type, Source? Source, Message? Message, string? WebhookEventId);

    public sealed record Source(string? Type, string? UserId);

    public sealed record Message(string? Type, string? Text);

    public async Task<(int Linked, int Unlinked)> HandleAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken)
    {
        var linked = 0;
        var unlinked = 0;
        foreach (var e in events)
        {
            var userId = e.Source?.Type == "user" ? e.Source.UserId : null;
            if (string.IsNullOrEmpty(userId))
            {
                continue;
            }

            switch (e.Type)
            {
                case "follow":
                    LogFollowed(); // the person still has to send their code
                    break;
                case "message" when e.Message?.Type == "text" && LineLinkCode.Normalize(e.Message.Text) is { } code:
                    if (await LinkAsync(code, userId, cancellationToken))
                    {
                        linked++;
                    }

                    break;
                case "unfollow":
                    unlinked += await UnlinkAsync(userId, cancellationToken);
                    break;
            }
        }

        return (linked, unlinked);
    }

    /// <summary>A usable code links its person's subject to the LINE user and tells them so on LINE and in their inbox.</summary>
    private async Task<bool> LinkAsync(string code, string lineUserId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = LineLinkCode.Hash(code);
        var record = await db.LineLinkCodes.FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (record is null || !record.IsUsable(now))
        {
            LogUnknownCode();
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        record.Use(now);
        var preference = await db.Preferences.FirstOrDefaultAsync(p => p.Subject == record.Subject, cancellationToken);
        if (preference is null)
        {
            preference = NotificationPreference.For(record.Subject, now);
            db.Preferences.Add(preference);
        }

        preference.LinkLine(lineUserId, now);
        await db.SaveChangesAsync(cancellationToken);

        var recipient = await directory.SubjectAsync(record.Subject, cancellationToken) with { PreferredChannel = ChannelCodes.Line };
        await writer.WriteAsync(notices.LineWasLinked(record.Subject), [recipient], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogLinked(recipient.PersonId);
        return true;
    }

    private async Task<int> UnlinkAsync(string lineUserId, CancellationToken cancellationToken)
    {
        var preferences = await db.Preferences.Where(p => p.LinkedLineUserId == lineUserId).ToListAsync(cancellationToken);
        foreach (var preference in preferences)
        {
            preference.UnlinkLine(time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return preferences.Count;
    }

    [LoggerMessage(LogLevel.Information, "A LINE user followed the official account.")]
    private partial void LogFollowed();

    [LoggerMessage(LogLevel.Information, "A LINE message held an unknown, used or expired link code.")]
    private partial void LogUnknownCode();

    [LoggerMessage(LogLevel.Information, "Linked a LINE account (person {PersonId}).")]
    private partial void LogLinked(Guid? personId);
}
