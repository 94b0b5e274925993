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

    public bool CanPush => !string.IsNullOrWhiteSpace(ChannelAccessToken);

    public bool CanReceive => !string.IsNullOrWhiteSpace(ChannelSecret);
}

/// <summary>The LINE Messaging API's push call, over the resilient HttpClient of the service defaults.</summary>
public sealed class LineMessagingClient(HttpClient http, IOptions<LineOptions> options)
{
    public const string HttpClientName = "line";
    public const int MaxTextLength = 5000;

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
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.BaseAddress, "v2/bot/message/push"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ChannelAccessToken);
        request.Headers.Add("X-Line-Retry-Key", retryKey.ToString());

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
                return SendResult.Sent(await SentMessageIdAsync(response, cancellationToken) ?? retryKey.ToString());
            }

            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                // Already accepted under this retry key: the message was sent by an earlier try.
                var accepted = response.Headers.TryGetValues("x-line-accepted-request-id", out var values) ? values.FirstOrDefault() : null;
                return SendResult.Sent(accepted ?? retryKey.ToString());
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

    public ChannelState State => options.Value.CanPush
        ? ChannelState.On($"LINE Messaging API at {options.Value.BaseAddress.Host}")
        : ChannelState.Off("Notifications:Line:ChannelAccessToken is not set");

    public Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken) =>
        recipient.LineUserId is { } to
            ? new LineMessagingClient(http.CreateClient(LineMessagingClient.HttpClientName), options)
                .PushAsync(to, delivery.ShortText ?? delivery.Body, delivery.Id, cancellationToken)
            : Task.FromResult(SendResult.Refused("There is no LINE user id for this person."));
}
