using Microsoft.Extensions.Options;
using Municipal.Notifications.Domain;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Municipal.Notifications.Sending;

/// <summary>
/// Configuration section <c>Notifications:Line</c>: the LINE Messaging API channel of the municipality's
/// official account. Pushing needs the channel access token; the webhook needs the channel secret.
/// </summary>
public sealed class LineOptions
{
    public const string Section = "Notifications:Line";

    public string? ChannelAccessToken { get; set; }

    public string? ChannelSecret { get; set; }

    public Uri BaseAddress { get; set; } = new("https://api.line.me/");

    /// <summary>How long a one-time link code works.</summary>
    public TimeSpan LinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Where people add the official account as a friend (shown with a link code), e.g. <c>https://line.me/R/ti/p/@municipal</c>.</summary>
    public string? AddFriendUrl { get; set; }

    /// <summary>A report left half-way this long (by LINE's clock of the person's answers) expires.</summary>
    public TimeSpan ConversationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The answer to a finished report waits this long at most for its request number from Requests.</summary>
    public TimeSpan NumberHold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A reply token is used this long after its event at most; later answers are pushed.</summary>
    public TimeSpan ReplyTokenLifetime { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>How often the chat's sender looks for answers due without being woken.</summary>
    public TimeSpan ChatPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long handled webhook event ids are remembered (LINE redelivers within about a day).</summary>
    public TimeSpan HandledEventRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>"Me too" is offered for an open request of the same kind within this distance of the pin.</summary>
    public double MeTooRadiusMetres { get; set; } = 100;

    /// <summary>
    /// How many reports one LINE user may finish in 24 hours (0: no limit). Anyone who adds the account can report, and
    /// every report lands on an officer's board: past this, the chat says when they may report again and that urgent
    /// matters go by phone. "Me too" on a nearby request is not a report and is not counted.
    /// </summary>
    public int ReportsPerDay { get; set; } = 10;

    /// <summary>The municipality's privacy notice, linked from the chat's PDPA message.</summary>
    public string? PrivacyNoticeUrl { get; set; }

    public bool CanPush => !string.IsNullOrWhiteSpace(ChannelAccessToken);

    public bool CanReceive => !string.IsNullOrWhiteSpace(ChannelSecret);
}

/// <summary>The LINE Messaging API's push call, over the resilient HttpClient of the service defaults.</summary>
public sealed class LineMessagingClient(HttpClient http, IOptions<LineOptions> options)
{
    public const string HttpClientName = "line";
    public const int MaxTextLength = 5000;

    /// <summary>
    /// Answers with the reply token of the event being answered (free of charge, once, within about a minute). An expired
    /// or used token is a 400: the caller pushes instead.
    /// </summary>
    public Task<SendResult> ReplyAsync(string replyToken, IReadOnlyList<Domain.Line.ChatMessage> messages, CancellationToken cancellationToken) =>
        PostAsync("v2/bot/message/reply", new { replyToken, messages = messages.Select(ToLine).ToArray() }, retryKey: null, cancellationToken);

    /// <summary>Pushes chat messages (with their quick replies); <paramref name="retryKey"/> as for <see cref="PushAsync"/>.</summary>
    public Task<SendResult> PushAsync(string to, IReadOnlyList<Domain.Line.ChatMessage> messages, Guid retryKey, CancellationToken cancellationToken) =>
        PostAsync("v2/bot/message/push", new { to, messages = messages.Select(ToLine).ToArray() }, retryKey, cancellationToken);

    /// <summary>A chat message as LINE's message object: a text, its quick-reply buttons as actions.</summary>
    private static object ToLine(Domain.Line.ChatMessage message)
    {
        var text = message.Text.Length <= MaxTextLength ? message.Text : message.Text[..MaxTextLength];
        if (message.QuickReplies is not { Count: > 0 } buttons)
        {
            return new { type = "text", text };
        }

        return new
        {
            type = "text",
            text,
            quickReply = new
            {
                items = buttons.Take(13).Select(b => new
                {
                    type = "action",
                    action = b.Action == "postback"
                        ? (object)new { type = b.Action, label = Label(b.Label), data = b.Data, displayText = b.DisplayText }
                        : new { type = b.Action, label = Label(b.Label) },
                }).ToArray(),
            },
        };
    }

    private static string Label(string label) => label.Length <= Domain.Line.QuickReply.LabelMaxLength ? label : label[..Domain.Line.QuickReply.LabelMaxLength];

    /// <summary>
    /// Pushes a text message. <paramref name="retryKey"/> goes in <c>X-Line-Retry-Key</c>: LINE accepts one
    /// request per key, so a retry after a lost answer cannot send the message twice (it answers 409).
    /// </summary>
    public async Task<SendResult> PushAsync(string to, string text, Guid retryKey, CancellationToken cancellationToken)
    {
        var body = new
        {
            to,
            messages = new[] { new { type = "text", text = text.Length <= MaxTextLength ? text : text[..MaxTextLength] } },
        };
        return await PostAsync("v2/bot/message/push", body, retryKey, cancellationToken);
    }

    private async Task<SendResult> PostAsync(string path, object body, Guid? retryKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.BaseAddress, path))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ChannelAccessToken);
        if (retryKey is { } key)
        {
            request.Headers.Add("X-Line-Retry-Key", key.ToString());
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (HttpFailures.IsTransient(ex, cancellationToken))
        {
            return SendResult.Transient($"LINE unreachable: {ex.GetType().Name}: {ex.Message}");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Sent(await SentMessageIdAsync(response, cancellationToken) ?? retryKey?.ToString());
            }

            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                // Already accepted under this retry key: the message was sent by an earlier try.
                var accepted = response.Headers.TryGetValues("x-line-accepted-request-id", out var values) ? values.FirstOrDefault() : null;
                return SendResult.Sent(accepted ?? retryKey?.ToString());
            }

            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = $"LINE {(int)response.StatusCode}: {Truncate(detail, 500)}";
            return (int)response.StatusCode is 429 or >= 500 or 408
                ? SendResult.Transient(error)
                : SendResult.Refused(error);
        }
    }

    private static async Task<string?> SentMessageIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return json.TryGetProperty("sentMessages", out var sent) && sent.ValueKind == JsonValueKind.Array && sent.GetArrayLength() > 0
                && sent[0].TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>
    /// <c>X-Line-Signature</c> is the base64 HMAC-SHA256 of the request body keyed with the channel secret.
    /// Compared in constant time.
    /// </summary>
    public static bool SignatureIsValid(ReadOnlySpan<byte> body, string? signature, string channelSecret)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(channelSecret), body);
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(signature, given, out var written)
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }

    public static string Sign(ReadOnlySpan<byte> body, string channelSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(channelSecret), body));
}

/// <summary>LINE push to the person's LINE user id (from the registry or linked through the webhook).</summary>
public sealed class LineSender(IHttpClientFactory http, IOptions<LineOptions> options) : IChannelSender
{
    public string Channel => Contracts.ChannelCodes.Line;

    public ChannelState State => options.Value switch
    {
        { CanPush: true, CanReceive: true } line => ChannelState.On($"LINE Messaging API at {line.BaseAddress.Host}; reports by chat on"),
        { CanPush: true } line => ChannelState.On($"LINE Messaging API at {line.BaseAddress.Host}; reports by chat off: Notifications:Line:ChannelSecret is not set"),
        _ => ChannelState.Off("Notifications:Line:ChannelAccessToken is not set (no notices on LINE, no reports by chat)"),
    };

    public Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken) =>
        recipient.LineUserId is { } to
            ? new LineMessagingClient(http.CreateClient(LineMessagingClient.HttpClientName), options)
                .PushAsync(to, delivery.ShortText ?? delivery.Body, delivery.Id, cancellationToken)
            : Task.FromResult(SendResult.Refused("There is no LINE user id for this person."));
}
