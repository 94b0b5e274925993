using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Application.Line;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults.Problems;
using System.Text.Json;

namespace Municipal.Notifications.Application;

/// <summary>How many events a webhook call carried, how many LINE users it linked and unlinked, and how many events it had seen before.</summary>
public sealed record WebhookResult(int Events, int Linked, int Unlinked, int Redelivered = 0);

/// <summary>
/// A call of the LINE webhook: refused unless LINE is configured here and the body carries a valid
/// <c>X-Line-Signature</c>. Each verified event is handled once (by its <c>webhookEventId</c>) in a transaction of its
/// own: a one-time code links a LINE user to a person, an unfollow unlinks, and everything else is the chat
/// (<see cref="LineChat"/>).
/// </summary>
public sealed partial class LineWebhook(
    NotificationsDbContext db, RecipientDirectory directory, Notices notices, NoticeWriter writer, LineChat chat, IOptions<LineOptions> options,
    TimeProvider time, ILogger<LineWebhook> logger)
{
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>How often an event that met another of its user's events on the way is run in all.</summary>
    public const int MaxAttempts = 5;

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

        LinePayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<LinePayload>(bytes, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return new Refusal(ProblemTypes.Unreadable, "The webhook body is not LINE's JSON.", "See errors for the fault.",
                new Dictionary<string, FieldError[]> { ["body"] = [FieldError.BadFormat(FieldFormats.Text, ex.Message)] });
        }

        var events = payload?.Events ?? [];
        int linked = 0, unlinked = 0, redelivered = 0;
        foreach (var e in events)
        {
            switch (await HandleOnceAsync(e, cancellationToken))
            {
                case Handled.Linked:
                    linked++;
                    break;
                case Handled.Unlinked:
                    unlinked++;
                    break;
                case Handled.Before:
                    redelivered++;
                    break;
            }
        }

        return new WebhookResult(events.Count, linked, unlinked, redelivered);
    }

    private enum Handled
    {
        Done,
        Linked,
        Unlinked,
        Before,
    }

    /// <summary>
    /// One event, in a transaction that records its id with its effect: a redelivered event (same id) finds the record
    /// and changes nothing, also when two deliveries race (the second fails on the key and is counted as seen). Two
    /// events of one user at once (LINE sends each image of a set in a call of its own) meet on the user's conversation:
    /// the one that loses is run again on what the other committed, a few times at most, so both are applied in turn
    /// instead of the loser's call failing and LINE dropping the event (its redelivery is off unless the operator
    /// turned it on).
    /// </summary>
    private async Task<Handled> HandleOnceAsync(LineEvent e, CancellationToken cancellationToken)
    {
        if (e.UserId is not { } userId)
        {
            return Handled.Done;
        }

        var id = string.IsNullOrWhiteSpace(e.WebhookEventId) ? null : e.WebhookEventId.Trim();
        if (id is not null && await db.LineWebhookEvents.AnyAsync(x => x.WebhookEventId == id, cancellationToken))
        {
            LineChatTelemetry.Redelivered.Add(1);
            LogSeenBefore(e.DeliveryContext?.IsRedelivery == true);
            return Handled.Before;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                if (id is not null)
                {
                    db.LineWebhookEvents.Add(LineWebhookEvent.Handled(id, time.GetUtcNow()));
                }

                var handled = await HandleAsync(e, userId, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return handled;
            }
            catch (DbUpdateException ex)
            {
                // A concurrency token that moved, or a key taken meanwhile: nothing of this attempt stays.
                db.ChangeTracker.Clear();
                await transaction.RollbackAsync(cancellationToken);
                if (id is not null && await db.LineWebhookEvents.AnyAsync(x => x.WebhookEventId == id, cancellationToken))
                {
                    LineChatTelemetry.Redelivered.Add(1);
                    return Handled.Before; // another delivery of the same event committed first
                }

                if (attempt >= MaxAttempts)
                {
                    throw;
                }

                LogConflict(ex.GetType().Name, attempt);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    private async Task<Handled> HandleAsync(LineEvent e, string userId, CancellationToken cancellationToken)
    {
        switch (e.Type)
        {
            case "message" when e.Message?.Type == "text" && LineLinkCode.Normalize(e.Message.Text) is { } code:
                if (await LinkAsync(code, userId, cancellationToken))
                {
                    return Handled.Linked;
                }

                break;
            case "unfollow":
                var unlinked = await UnlinkAsync(userId, cancellationToken);
                await db.LineConversations.Where(c => c.LineUserId == userId).ExecuteDeleteAsync(cancellationToken);
                await chat.ForgetUnfollowedAsync(userId, time.GetUtcNow(), cancellationToken);
                return unlinked > 0 ? Handled.Unlinked : Handled.Done;
        }

        if (e.Type == "follow")
        {
            LogFollowed();
        }

        await chat.HandleAsync(e, userId, cancellationToken);
        return Handled.Done;
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

        return preferences.Count;
    }

    [LoggerMessage(LogLevel.Information, "A LINE user followed the official account.")]
    private partial void LogFollowed();

    [LoggerMessage(LogLevel.Information, "A LINE message held an unknown, used or expired link code.")]
    private partial void LogUnknownCode();

    [LoggerMessage(LogLevel.Information, "Linked a LINE account (person {PersonId}).")]
    private partial void LogLinked(Guid? personId);

    [LoggerMessage(LogLevel.Information, "A LINE webhook event met another event of its user ({Exception} on attempt {Attempt}) and is run again.")]
    private partial void LogConflict(string exception, int attempt);

    [LoggerMessage(LogLevel.Information, "A LINE webhook event was seen before and is not handled again (LINE says redelivered: {Redelivery}).")]
    private partial void LogSeenBefore(bool redelivery);
}
