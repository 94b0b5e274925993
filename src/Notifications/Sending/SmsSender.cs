using Microsoft.Extensions.Options;
using Municipal.Notifications.Domain;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Municipal.Notifications.Sending;

/// <summary>Configuration section <c>Notifications:Sms</c>. SMS is off until a provider is chosen and configured.</summary>
public sealed class SmsOptions
{
    public const string Section = "Notifications:Sms";
    public const string ThaiBulkSms = "thaibulksms";
    public const string Development = "development";

    /// <summary><c>thaibulksms</c> (needs ApiKey and ApiSecret) or <c>development</c> (writes messages to a file); empty: off.</summary>
    public string? Provider { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>The registered sender name shown on the phone.</summary>
    public string? Sender { get; set; }

    /// <summary>ThaiBulkSMS credit type: <c>corporate</c> or <c>standard</c>.</summary>
    public string CreditType { get; set; } = "corporate";

    public Uri BaseAddress { get; set; } = new("https://api-v2.thaibulksms.com/");

    /// <summary>Where the development adapter writes <c>sms.jsonl</c>; default: the service's data folder.</summary>
    public string? DevelopmentDirectory { get; set; }
}

/// <summary>One text message to one phone.</summary>
public sealed record SmsMessage(string ToE164, string Text, string IdempotencyKey);

/// <summary>An SMS provider behind one interface: swap providers by configuration, not by code.</summary>
public interface ISmsGateway
{
    ChannelState State { get; }

    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>The SMS channel: the configured gateway, or off.</summary>
public sealed class SmsSender(ISmsGateway gateway) : IChannelSender
{
    public string Channel => Contracts.ChannelCodes.Sms;

    public ChannelState State => gateway.State;

    public Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken) =>
        recipient.PhoneE164 is { } phone
            ? gateway.SendAsync(new SmsMessage(phone, delivery.ShortText ?? delivery.Title, delivery.Id.ToString()), cancellationToken)
            : Task.FromResult(SendResult.Refused("There is no phone number for this person."));
}

/// <summary>No provider configured: the channel is off and its messages fall back to the in-app inbox.</summary>
public sealed class NoSmsGateway : ISmsGateway
{
    public ChannelState State => ChannelState.Off("Notifications:Sms:Provider is not set");

    public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(SendResult.Refused("SMS is not configured."));
}

/// <summary>
/// ThaiBulkSMS API v2: <c>POST /sms</c> (form fields <c>msisdn</c>, <c>message</c>, <c>sender</c>,
/// <c>force</c>) with HTTP Basic authentication by API key and secret. The answer lists the numbers it
/// accepted (with a message id) and those it refused.
/// </summary>
public sealed class ThaiBulkSmsGateway(IHttpClientFactory http, IOptions<SmsOptions> options) : ISmsGateway
{
    public const string HttpClientName = "thaibulksms";

    private readonly SmsOptions _options = options.Value;

    public ChannelState State => string.IsNullOrWhiteSpace(_options.ApiKey) || string.IsNullOrWhiteSpace(_options.ApiSecret)
        ? ChannelState.Off("Notifications:Sms:ApiKey and Notifications:Sms:ApiSecret are not both set")
        : ChannelState.On($"ThaiBulkSMS at {_options.BaseAddress.Host}");

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>
        {
            ["msisdn"] = message.ToE164.TrimStart('+'),
            ["message"] = message.Text,
            ["force"] = _options.CreditType,
        };
        if (!string.IsNullOrWhiteSpace(_options.Sender))
        {
            fields["sender"] = _options.Sender;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseAddress, "sms"))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ApiKey}:{_options.ApiSecret}")));
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (HttpFailures.IsTransient(ex, cancellationToken))
        {
            return SendResult.Transient($"SMS provider unreachable: {ex.GetType().Name}: {ex.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = $"ThaiBulkSMS {(int)response.StatusCode}: {(body.Length <= 500 ? body : body[..500])}";
                return (int)response.StatusCode is 429 or 408 or >= 500 ? SendResult.Transient(error) : SendResult.Refused(error);
            }

            ThaiBulkSmsAnswer? answer;
            try
            {
                answer = JsonSerializer.Deserialize<ThaiBulkSmsAnswer>(body);
            }
            catch (JsonException ex)
            {
                return SendResult.Transient($"ThaiBulkSMS answered something unreadable: {ex.Message}");
            }

            if (answer?.Refused is { Count: > 0 } refused)
            {
                return SendResult.Refused($"ThaiBulkSMS refused the number: {refused[0].Message}");
            }

            return answer?.Accepted is { Count: > 0 } accepted
                ? SendResult.Sent(accepted[0].MessageId)
                : SendResult.Transient("ThaiBulkSMS accepted the request but listed no message.");
        }
    }

    private sealed record ThaiBulkSmsAnswer(
        [property: JsonPropertyName("phone_number_list")] List<AcceptedNumber>? Accepted,
        [property: JsonPropertyName("bad_phone_number_list")] List<RefusedNumber>? Refused);

    private sealed record AcceptedNumber([property: JsonPropertyName("message_id")] string? MessageId);

    private sealed record RefusedNumber([property: JsonPropertyName("message")] string? Message);
}

/// <summary>
/// For development: each SMS is appended as one JSON line to <c>sms.jsonl</c> in the data folder, so a
/// developer can read what would have gone out. A message id is written once, however often it is sent.
/// </summary>
public sealed class DevelopmentSmsGateway(string directory) : ISmsGateway
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath { get; } = Path.Combine(directory, "sms.jsonl");

    public ChannelState State => ChannelState.On($"development adapter writing {FilePath}");

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(directory);
            if (File.Exists(FilePath) && (await File.ReadAllLinesAsync(FilePath, cancellationToken))
                    .Any(line => line.Contains($"\"id\":\"{message.IdempotencyKey}\"", StringComparison.Ordinal)))
            {
                return SendResult.Sent(message.IdempotencyKey);
            }

            var line = JsonSerializer.Serialize(new { id = message.IdempotencyKey, to = message.ToE164, text = message.Text },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            // UTF-8 without a byte-order mark: each line is JSON that tools read as it is.
            await File.AppendAllTextAsync(FilePath, line + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
            return SendResult.Sent(message.IdempotencyKey);
        }
        finally
        {
            Gate.Release();
        }
    }
}
