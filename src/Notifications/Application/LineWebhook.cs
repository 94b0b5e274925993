using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults.Problems;
using System.Text.Json;

namespace Municipal.Notifications.Application;

/// <summary>How many events a webhook call carried, and how many LINE users it linked and unlinked.</summary>
public sealed record WebhookResult(int Events, int Linked, int Unlinked);

/// <summary>
/// A call of the LINE webhook: refused unless LINE is configured here and the body carries a valid
/// <c>X-Line-Signature</c>; its verified events link a LINE user to a person by their one-time code, or unlink.
/// </summary>
public sealed partial class LineWebhook(
    NotificationsDbContext db, RecipientDirectory directory, Notices notices, NoticeWriter writer, IOptions<LineOptions> options,
    TimeProvider time, ILogger<LineWebhook> logger)
{
    public const int MaxBodyBytes = 1 << 20;

    public sealed record Payload(string? Destination, List<Event>? Events);

    public sealed record Event(string? Type, Source? Source, Message? Message, string? WebhookEventId);

    public sealed record Source(string? Type, string? UserId);

    public sealed record Message(string? Type, string? Text);

    /// <summary>
    /// Reads, verifies and handles one call. <paramref name="declaredLength"/> is the body's <c>Content-Length</c>,
    /// when sent; <paramref name="signature"/> the <c>X-Line-Signature</c>.
    /// </summary>
    public async Task<Result<WebhookResult>> ReceiveAsync(Stream body, long? declaredLength, string? signature, CancellationToken cancellationToken)
    {
        var line = options.Value;
        if (!line.CanReceive)
        {
            return Refusal.NotFound("LINE is not configured.",
                "Notifications:Line:ChannelSecret is not set, so this service takes no LINE webhook calls.");
        }

        using var buffer = new MemoryStream();
        if (declaredLength is not > MaxBodyBytes)
        {
            await body.CopyToAsync(buffer, cancellationToken);
        }

        if (declaredLength > MaxBodyBytes || buffer.Length > MaxBodyBytes)
        {
            return Refusal.Of(ProblemTypes.PayloadTooLarge, "The webhook body is too large.");
        }

        var bytes = buffer.ToArray();
        if (!LineMessagingClient.SignatureIsValid(bytes, signature, line.ChannelSecret!))
        {
            return Refusal.Of(NotificationsProblems.LineSignatureInvalid, detail:
                "X-Line-Signature must be the base64 HMAC-SHA256 of the body, keyed with the channel secret.");
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(bytes, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return new Refusal(ProblemTypes.Unreadable, "The webhook body is not LINE's JSON.", "See errors for the fault.",
                new Dictionary<string, FieldError[]> { ["body"] = [FieldError.BadFormat(FieldFormats.Text, ex.Message)] });
        }

        var events = payload?.Events ?? [];
        var (linked, unlinked) = await HandleAsync(events, cancellationToken);
        return new WebhookResult(events.Count, linked, unlinked);
    }

    private async Task<(int Linked, int Unlinked)> HandleAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken)
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
