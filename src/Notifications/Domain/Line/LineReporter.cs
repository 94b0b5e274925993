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

    /// <summary>When their current 24 hours of reports began (their first report after the previous 24 hours ended).</summary>
    public DateTimeOffset? ReportDayStartedAt { get; private set; }

    /// <summary>How many reports they finished since <see cref="ReportDayStartedAt"/>.</summary>
    public int ReportsThatDay { get; private set; }

    /// <summary>
    /// When they may start another report: null if they may now (fewer than <paramref name="perDay"/> reports in their
    /// current 24 hours, or those hours are over; <paramref name="perDay"/> 0 is no limit), else when their 24 hours end.
    /// </summary>
    public DateTimeOffset? NextReportAllowedAt(DateTimeOffset now, int perDay) =>
        perDay > 0 && ReportDayStartedAt is { } start && now < start + ReportDay && ReportsThatDay >= perDay ? start + ReportDay : null;

    /// <summary>Counts a finished report: the first after their last 24 hours ended starts new ones.</summary>
    public void Reported(DateTimeOffset now)
    {
        if (ReportDayStartedAt is not { } start || now >= start + ReportDay)
        {
            ReportDayStartedAt = now;
            ReportsThatDay = 0;
        }

        ReportsThatDay++;
    }

    private static readonly TimeSpan ReportDay = TimeSpan.FromDays(1);

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
