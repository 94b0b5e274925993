using Municipal.ServiceDefaults;
using System.Web;

namespace Municipal.Notifications.Application.Line;

// The LINE webhook's payload, as much of it as this service reads (LINE Messaging API, "Webhook event objects").

public sealed record LinePayload(string? Destination, List<LineEvent>? Events);

/// <param name="Timestamp">When it happened, in milliseconds since 1970 (LINE's clock).</param>
public sealed record LineEvent(
    string? Type, LineSource? Source, LineMessage? Message, LinePostback? Postback, string? WebhookEventId, string? ReplyToken,
    long Timestamp, LineDeliveryContext? DeliveryContext)
{
    public string? UserId => Source?.Type == "user" && !string.IsNullOrEmpty(Source.UserId) ? Source.UserId : null;

    public DateTimeOffset At(DateTimeOffset fallback) => Timestamp > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(Timestamp) : fallback;
}

public sealed record LineSource(string? Type, string? UserId);

public sealed record LineMessage(
    string? Type, string? Id, string? Text, double? Latitude, double? Longitude, string? Address, string? Title,
    LineContentProvider? ContentProvider, LineImageSet? ImageSet);

/// <summary><c>line</c>: the user sent it through LINE and its content API has it; <c>external</c>: a URL elsewhere.</summary>
public sealed record LineContentProvider(string? Type);

/// <summary>Several images sent at once arrive as one event each, numbered.</summary>
public sealed record LineImageSet(string? Id, int? Index, int? Total);

public sealed record LinePostback(string? Data);

public sealed record LineDeliveryContext(bool IsRedelivery);

/// <summary>What a person meant by one event of the chat.</summary>
public enum ChatIntent
{
    Follow,
    Report,
    Cancel,
    Mine,
    Skip,
    NewReport,
    Erase,
    EraseConfirm,
    Consent,
    Decline,
    Category,
    MeToo,
    Feedback,
    Text,
    Image,
    Location,
    Unsupported,
}

/// <summary>One event of the chat, read: the intent and what it carries.</summary>
public sealed record ChatInput(ChatIntent Intent)
{
    public string? Text { get; init; }

    /// <summary>A category code, or the id of a request (me too, feedback).</summary>
    public string? Value { get; init; }

    public GeoPoint? Point { get; init; }

    public string? Address { get; init; }

    /// <summary>For an image: its message id, and the set of images sent together it belongs to (null when alone).</summary>
    public string? MessageId { get; init; }

    public (string Id, int Total)? ImageSet { get; init; }

    /// <summary>Consent given with the wish to report at once.</summary>
    public bool ThenReport { get; init; }

    /// <summary>For feedback: the round of the question it answers.</summary>
    public int? Round { get; init; }

    /// <summary>For feedback: the rating 1–5, or null with <see cref="NotFixed"/>.</summary>
    public int? Rating { get; init; }

    public bool NotFixed { get; init; }

    /// <summary>For feedback: the last moment an answer counts, as the question said (older questions carry none).</summary>
    public DateTimeOffset? AnswerBy { get; init; }

    private static readonly Dictionary<string, ChatIntent> Words = new(StringComparer.Ordinal)
    {
        ["แจ้งปัญหา"] = ChatIntent.Report,
        ["แจ้งเรื่อง"] = ChatIntent.Report,
        ["ยกเลิก"] = ChatIntent.Cancel,
        ["เรื่องของฉัน"] = ChatIntent.Mine,
        ["ข้าม"] = ChatIntent.Skip,
        ["ถัดไป"] = ChatIntent.Skip,
        ["ลบข้อมูลของฉัน"] = ChatIntent.Erase,
    };

    /// <summary>The intent of a LINE event; null for one the chat does not take part in (unfollow, a group's message).</summary>
    public static ChatInput? From(LineEvent e)
    {
        switch (e.Type)
        {
            case "follow":
                return new ChatInput(ChatIntent.Follow);
            case "postback":
                return FromPostback(e.Postback?.Data);
            case "message":
                break;
            default:
                return null;
        }

        var message = e.Message;
        switch (message?.Type)
        {
            case "text":
                var text = (message.Text ?? "").Trim();
                return Words.TryGetValue(text, out var word) ? new ChatInput(word) : new ChatInput(ChatIntent.Text) { Text = text };
            case "image" when message.ContentProvider?.Type is null or "line" && !string.IsNullOrEmpty(message.Id):
                return new ChatInput(ChatIntent.Image)
                {
                    MessageId = message.Id,
                    ImageSet = message.ImageSet is { Id: { Length: > 0 } set, Total: > 1 and var total } ? (set, total) : null,
                };
            case "location" when message.Latitude is { } lat && message.Longitude is { } lon:
                return new ChatInput(ChatIntent.Location) { Point = new GeoPoint(lat, lon), Address = message.Address ?? message.Title };
            default:
                return new ChatInput(ChatIntent.Unsupported);
        }
    }

    private static ChatInput FromPostback(string? data)
    {
        var query = HttpUtility.ParseQueryString(data ?? "");
        if (query["category"] is { } category)
        {
            return new ChatInput(ChatIntent.Category) { Value = category };
        }

        if (query["metoo"] is { } meToo)
        {
            return new ChatInput(ChatIntent.MeToo) { Value = meToo };
        }

        if (query["feedback"] is { } feedback)
        {
            return new ChatInput(ChatIntent.Feedback)
            {
                Value = feedback,
                Round = int.TryParse(query["round"], out var round) ? round : null,
                Rating = int.TryParse(query["rating"], out var rating) && rating is >= 1 and <= 5 ? rating : null,
                NotFixed = query["fixed"] == "no",
                AnswerBy = long.TryParse(query["by"], out var by) && by > 0 ? DateTimeOffset.FromUnixTimeSeconds(by) : null,
            };
        }

        return query["action"] switch
        {
            "report" => new ChatInput(ChatIntent.Report),
            "cancel" => new ChatInput(ChatIntent.Cancel),
            "mine" => new ChatInput(ChatIntent.Mine),
            "skip" => new ChatInput(ChatIntent.Skip),
            "new" => new ChatInput(ChatIntent.NewReport),
            "erase" => new ChatInput(ChatIntent.Erase),
            "erase-confirm" => new ChatInput(ChatIntent.EraseConfirm),
            "consent" => new ChatInput(ChatIntent.Consent) { ThenReport = query["then"] == "report" },
            "decline" => new ChatInput(ChatIntent.Decline),
            _ => new ChatInput(ChatIntent.Unsupported),
        };
    }
}
