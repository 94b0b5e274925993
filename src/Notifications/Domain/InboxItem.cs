namespace Municipal.Notifications.Domain;

/// <summary>One notice in a person's in-app inbox. The in-app channel is always on.</summary>
public sealed class InboxItem
{
    private InboxItem()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The sign-in subject of the person it is for; only they can read it.</summary>
    public string RecipientSubject { get; private set; } = "";

    /// <summary>What it is about, e.g. <c>request-submitted</c>.</summary>
    public string Kind { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>A link into the client, e.g. <c>/requests/{id}</c>.</summary>
    public string? Link { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>The message that caused it.</summary>
    public Guid SourceMessageId { get; private set; }

    /// <summary>The trace the notice was made in: the same trace as the request that caused it.</summary>
    public string? TraceId { get; private set; }

    public static InboxItem Create(string recipientSubject, string kind, string title, string body, string? link,
        Guid sourceMessageId, string? traceId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RecipientSubject = recipientSubject,
        Kind = kind,
        Title = title,
        Body = body,
        Link = link,
        SourceMessageId = sourceMessageId,
        TraceId = traceId,
        CreatedAt = now,
    };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
