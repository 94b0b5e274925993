namespace Municipal.Notifications.Domain;

/// <summary>Whom an announcement goes to: <c>all-leaders</c>, one <c>community</c>'s office holders, or a <c>session</c>'s registrants.</summary>
public static class Audiences
{
    public const string AllLeaders = "all-leaders";
    public const string Community = "community";
    public const string Session = "session";

    public static readonly IReadOnlyList<string> All = [AllLeaders, Community, Session];
}

/// <summary>
/// A message from staff to many people at once: every community's leaders (the holders of community offices), one
/// community's office holders, or everyone registered for a session. It goes out as a notice on each person's own
/// channel (the in-app inbox and their preferred channel), LINE and SMS held through quiet hours; what reached whom on
/// which channel is read from its deliveries. Thai is expected; the text is sent as it was written.
/// </summary>
public sealed class Announcement
{
    public const int TitleMaxLength = 150;
    public const int MessageMaxLength = 1000;

    private Announcement()
    {
    }

    public Guid Id { get; private set; }

    public string Audience { get; private set; } = "";

    public Guid? CommunityId { get; private set; }

    public Guid? SessionId { get; private set; }

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public string? SentBySubject { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    /// <summary>How many people it was addressed to.</summary>
    public int Recipients { get; private set; }

    /// <summary>The event key of its deliveries: <c>announcement:{id}</c>.</summary>
    public string EventKey => $"announcement:{Id}";

    /// <summary>Field problems: the audience and what it names, a title and a message within their lengths.</summary>
    public static Dictionary<string, string[]> Validate(string? audience, Guid? communityId, Guid? sessionId, string? title, string? message)
    {
        var errors = new Dictionary<string, string[]>();
        if (audience is null || !Audiences.All.Contains(audience))
        {
            errors["audience"] = [$"Say whom it is for: {string.Join(", ", Audiences.All)}."];
        }
        else if (audience == Audiences.Community && communityId is null)
        {
            errors["communityId"] = ["Name the community whose office holders are to hear it."];
        }
        else if (audience == Audiences.Session && sessionId is null)
        {
            errors["sessionId"] = ["Name the session whose registrants are to hear it."];
        }

        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMaxLength)
        {
            errors["title"] = [$"A title of 1 to {TitleMaxLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(message) || message.Trim().Length > MessageMaxLength)
        {
            errors["message"] = [$"A message of 1 to {MessageMaxLength} characters."];
        }

        return errors;
    }

    public static Announcement Send(string audience, Guid? communityId, Guid? sessionId, string title, string message, string? sentBy, int recipients, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Audience = audience,
        CommunityId = audience == Audiences.Community ? communityId : null,
        SessionId = audience == Audiences.Session ? sessionId : null,
        Title = title.Trim(),
        Message = message.Trim(),
        SentBySubject = sentBy,
        SentAt = now,
        Recipients = recipients,
    };

    public void EraseSender() => SentBySubject = null;
}
