namespace Municipal.Notifications.Domain.Line;

/// <summary>A button under a chat message (a LINE quick reply): what it says and what tapping it does.</summary>
/// <param name="Action"><c>postback</c> (sends <paramref name="Data"/> back), <c>message</c> (sends the label as text),
/// <c>location</c>, <c>camera</c> or <c>cameraRoll</c>.</param>
public sealed record QuickReply(string Label, string Action, string? Data = null, string? DisplayText = null)
{
    /// <summary>LINE shows at most 20 characters of a label.</summary>
    public const int LabelMaxLength = 20;

    public static QuickReply Postback(string label, string data, string? displayText = null) => new(label, "postback", data, displayText ?? label);

    public static QuickReply Location(string label) => new(label, "location");

    public static QuickReply Camera(string label) => new(label, "camera");

    public static QuickReply CameraRoll(string label) => new(label, "cameraRoll");
}

/// <summary>One text message of the chat, with its quick replies.</summary>
public sealed record ChatMessage(string Text, IReadOnlyList<QuickReply>? QuickReplies = null);

/// <summary>
/// What the chat says back, to be sent by <c>LineChatSender</c> after the transaction that decided it commits: a reply
/// with the event's reply token while it is fresh (free of charge), else a push. A chat answer is not a notice: it goes
/// out at once, quiet hours or not, because the person just wrote. Deleted a day after it is sent.
/// </summary>
public sealed class LineOutgoing
{
    private LineOutgoing()
    {
    }

    public Guid Id { get; private set; }

    public string LineUserId { get; private set; } = "";

    /// <summary>The reply token of the event being answered; null for a push.</summary>
    public string? ReplyToken { get; private set; }

    /// <summary>When the event being answered arrived: a reply token is good for about a minute after it.</summary>
    public DateTimeOffset? RepliesToEventAt { get; private set; }

    /// <summary>The messages (<see cref="ChatMessage"/>) as JSON.</summary>
    public string Messages { get; private set; } = "";

    /// <summary>The report whose request number this answer waits for (<see cref="DueAt"/> is how long at most).</summary>
    public Guid? AwaitsRequestOf { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    public string? LastError { get; private set; }

    public Guid? LockToken { get; private set; }

    /// <summary>Deleted as soon as it went out (or failed for good): the answer to an erasure, whose person is forgotten.</summary>
    public bool ForgottenOnceSent { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public static LineOutgoing Reply(string lineUserId, string? replyToken, DateTimeOffset eventAt, string messages, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LineUserId = lineUserId,
        ReplyToken = replyToken,
        RepliesToEventAt = replyToken is null ? null : eventAt,
        Messages = messages,
        CreatedAt = now,
        DueAt = now,
    };

    /// <summary>The answer to a finished report: held until its request number is known, or <paramref name="hold"/> at most.</summary>
    public static LineOutgoing AwaitingNumber(string lineUserId, string? replyToken, DateTimeOffset eventAt, Guid reportId, string messages, DateTimeOffset now, TimeSpan hold)
    {
        var outgoing = Reply(lineUserId, replyToken, eventAt, messages, now);
        outgoing.AwaitsRequestOf = reportId;
        outgoing.DueAt = now + hold;
        return outgoing;
    }

    /// <param name="due">When it may go (the end of quiet hours for a question nobody asked for); now by default.</param>
    public static LineOutgoing Push(string lineUserId, string messages, DateTimeOffset now, DateTimeOffset? due = null)
    {
        var push = Reply(lineUserId, null, now, messages, now);
        push.DueAt = due ?? now;
        return push;
    }

    public void ForgetOnceSent() => ForgottenOnceSent = true;

    /// <summary>Sent or failed for good, and to be forgotten then.</summary>
    public bool IsDone => SentAt is not null || FailedAt is not null;

    public bool IsReplyFresh(DateTimeOffset now, TimeSpan lifetime) =>
        ReplyToken is not null && RepliesToEventAt is { } at && now - at < lifetime && Attempts == 0;

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        LockToken = null;
        LockedUntil = null;
    }

    /// <summary>A failed try: again after <paramref name="retryAfter"/>, or failed for good after <paramref name="maxAttempts"/> or at once when permanent.</summary>
    public void MarkFailed(DateTimeOffset now, string error, bool permanent, int maxAttempts, TimeSpan retryAfter)
    {
        Attempts++;
        LastError = error.Length <= ErrorText.MaxLength ? error : error[..ErrorText.MaxLength];
        LockToken = null;
        LockedUntil = null;
        if (permanent || Attempts >= maxAttempts)
        {
            FailedAt = now;
        }
        else
        {
            DueAt = now + retryAfter;
        }
    }
}
