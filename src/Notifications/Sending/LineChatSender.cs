using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Signals;
using Municipal.Notifications.Application.Line;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Infrastructure;
using System.Text.Json;

namespace Municipal.Notifications.Sending;

/// <summary>
/// Sends the LINE chat's answers (<see cref="LineOutgoing"/>) once the webhook's transaction committed: with the event's
/// reply token while it is fresh, else (or when LINE refuses the token) as a push keyed by the answer's id
/// (<c>X-Line-Retry-Key</c>), so a retry after a lost response is not a second message. Claims rows with a lease, as the
/// delivery dispatcher does, so replicas do not send one twice at once; oldest first, so a person's answers keep their
/// order. Also forgets what has served its purpose: answers a day after they went out, handled event ids after
/// <see cref="LineOptions.HandledEventRetention"/>, reports left half-way once they expired.
/// </summary>
public sealed partial class LineChatSender(
    IServiceScopeFactory scopes, CommitSignal<LineOutgoing> signal, IHttpClientFactory http, IOptions<LineOptions> options,
    TimeProvider time, ILogger<LineChatSender> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SentRetention = TimeSpan.FromDays(1);
    private DateTimeOffset _nextCleanUp;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await CleanUpAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSendFailed(ex);
            }

            await signal.WaitAsync(options.Value.ChatPollInterval, time, stoppingToken);
        }
    }

    /// <summary>Sends every answer that is due now; returns how many it sent or gave up on.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var line = options.Value;
        if (!line.CanPush)
        {
            return 0; // off: the answers wait (health says so) and are forgotten with the rest
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = time.GetUtcNow();
        var due = await db.LineOutgoing.AsNoTracking()
            .Where(o => o.SentAt == null && o.FailedAt == null && o.DueAt <= now && (o.LockedUntil == null || o.LockedUntil < now))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => o.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var token = Guid.NewGuid();
        await db.LineOutgoing
            .Where(o => due.Contains(o.Id) && o.SentAt == null && o.FailedAt == null && (o.LockedUntil == null || o.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockToken, token).SetProperty(o => o.LockedUntil, now + Lease), cancellationToken);
        var claimed = await db.LineOutgoing.Where(o => o.LockToken == token).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        var client = new LineMessagingClient(http.CreateClient(LineMessagingClient.HttpClientName), options);
        foreach (var outgoing in claimed)
        {
            var messages = JsonSerializer.Deserialize<List<ChatMessage>>(outgoing.Messages, JsonSerializerOptions.Web) ?? [];
            var sentAt = time.GetUtcNow();
            var result = outgoing.IsReplyFresh(sentAt, line.ReplyTokenLifetime)
                ? await client.ReplyAsync(outgoing.ReplyToken!, messages, cancellationToken)
                : null;
            if (result is null or { Succeeded: false, Permanent: true })
            {
                // No fresh token, or LINE refused it (used, expired): a push, keyed so that a retry is not a second message.
                // A reply that failed on the way (no answer) is not pushed at once: it may have arrived; the next try pushes.
                result = await client.PushAsync(outgoing.LineUserId, messages, outgoing.Id, cancellationToken);
            }

            if (result.Succeeded)
            {
                outgoing.MarkSent(time.GetUtcNow());
            }
            else
            {
                outgoing.MarkFailed(time.GetUtcNow(), ErrorText.Redact(result.Error ?? "unknown error"), result.Permanent, MaxAttempts,
                    TimeSpan.FromSeconds(Math.Pow(2, outgoing.Attempts) * 2));
                if (outgoing.FailedAt is not null)
                {
                    LineChatTelemetry.AnswersFailed.Add(1);
                    LogAnswerFailed(outgoing.Id, outgoing.LastError);
                }
            }

            if (outgoing.ForgottenOnceSent && outgoing.IsDone)
            {
                db.LineOutgoing.Remove(outgoing); // the answer to an erasure: its person is forgotten
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>Deletes what has served its purpose, at most once a minute.</summary>
    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextCleanUp)
        {
            return;
        }

        _nextCleanUp = now + TimeSpan.FromMinutes(1);
        var line = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var sentBefore = now - SentRetention;
        await db.LineOutgoing.Where(o => (o.SentAt != null && o.SentAt < sentBefore) || (o.FailedAt != null && o.FailedAt < sentBefore))
            .ExecuteDeleteAsync(cancellationToken);
        var handledBefore = now - line.HandledEventRetention;
        await db.LineWebhookEvents.Where(e => e.HandledAt < handledBefore).ExecuteDeleteAsync(cancellationToken);
        var quietSince = now - line.ConversationTimeout - TimeSpan.FromMinutes(5);
        await db.LineConversations.Where(c => c.LastActivityAt < quietSince).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Error, "Sending the LINE chat's answers failed; trying again.")]
    private partial void LogSendFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "A LINE chat answer {Id} could not be sent: {Error}")]
    private partial void LogAnswerFailed(Guid id, string? error);
}
