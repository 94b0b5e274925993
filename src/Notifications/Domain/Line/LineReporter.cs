using Municipal.Contracts;
using System.Security.Cryptography;

namespace Municipal.Notifications.Domain.Line;

/// <summary>
/// A LINE user who agreed, in the chat, to the municipality keeping what they report (the PDPA notice on first
/// contact). Other services know them only by <see cref="Subject"/>, an alias (<c>line:</c> and 26 random characters)
/// that this table alone maps to their LINE user id; erasure deletes the row, and with it that link. Personal data.
/// </summary>
public sealed class LineReporter
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private LineReporter()
    {
    }

    public string LineUserId { get; private set; } = "";

    /// <summary><c>line:…</c>: the submitter subject of their requests (<see cref="LineReporterSubjects"/>).</summary>
    public string Subject { get; private set; } = "";

    /// <summary>When they accepted the PDPA notice.</summary>
    public DateTimeOffset ConsentedAt { get; private set; }

    /// <summary>Whether a subject is a LINE reporter's alias (<see cref="LineReporterSubjects.Prefix"/>).</summary>
    public static bool IsSubject(string? subject) => subject?.StartsWith(LineReporterSubjects.Prefix, StringComparison.Ordinal) == true;

    public static LineReporter Consent(string lineUserId, DateTimeOffset now) => new()
    {
        LineUserId = lineUserId,
        Subject = LineReporterSubjects.Prefix + string.Concat(RandomNumberGenerator.GetItems<char>(Alphabet, 26)),
        ConsentedAt = now,
    };
}

/// <summary>
/// A LINE webhook event handled here, by LINE's <c>webhookEventId</c>: LINE redelivers an event whose call failed
/// (<c>deliveryContext.isRedelivery</c>), and the row, written in the transaction of the event's effect, makes the
/// second delivery change nothing. Kept a few days (<c>Notifications:Line:HandledEventRetention</c>).
/// </summary>
public sealed class LineWebhookEvent
{
    private LineWebhookEvent()
    {
    }

    public string WebhookEventId { get; private set; } = "";

    public DateTimeOffset HandledAt { get; private set; }

    public static LineWebhookEvent Handled(string webhookEventId, DateTimeOffset now) => new() { WebhookEventId = webhookEventId, HandledAt = now };
}
