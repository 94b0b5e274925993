namespace Municipal.Notifications.Domain;

/// <summary>
/// What a signed-in person chose here (<c>PUT /api/notifications/preferences</c>), keyed by their sign-in
/// subject. Each choice that is set wins over the registry's copy until it is cleared; the LINE user id
/// linked through the webhook lives here too.
/// </summary>
public sealed class NotificationPreference
{
    private NotificationPreference()
    {
    }

    public string Subject { get; private set; } = "";

    public string? PreferredChannel { get; private set; }

    public string? Language { get; private set; }

    public TimeOnly? QuietHoursStart { get; private set; }

    public TimeOnly? QuietHoursEnd { get; private set; }

    /// <summary>The LINE user id that followed the official account and sent this person's one-time code.</summary>
    public string? LinkedLineUserId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static NotificationPreference For(string subject, DateTimeOffset now) => new() { Subject = subject, UpdatedAt = now };

    public void Choose(string? preferredChannel, string? language, QuietHours? quietHours, DateTimeOffset now)
    {
        PreferredChannel = preferredChannel;
        Language = language;
        QuietHoursStart = quietHours?.Start;
        QuietHoursEnd = quietHours?.End;
        UpdatedAt = now;
    }

    public void LinkLine(string lineUserId, DateTimeOffset now)
    {
        LinkedLineUserId = lineUserId;
        UpdatedAt = now;
    }

    public void UnlinkLine(DateTimeOffset now)
    {
        LinkedLineUserId = null;
        UpdatedAt = now;
    }

    public QuietHours? QuietHours => QuietHoursStart is { } start && QuietHoursEnd is { } end ? new QuietHours(start, end) : null;
}
