using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using System.Net;
using System.Net.Http.Headers;

namespace Municipal.Requests.Infrastructure;

/// <summary>
/// Configuration section <c>Requests:Line</c>: how this service reads the photos of LINE reports from LINE's content
/// API. The app host passes the channel access token that Notifications pushes with; without it, LINE reports are
/// still taken in, without their photos.
/// </summary>
public sealed class LineContentOptions
{
    public const string Section = "Requests:Line";

    public string? ChannelAccessToken { get; set; }

    /// <summary>LINE's content host (<c>https://api-data.line.me/</c>); tests point it at a fake.</summary>
    public Uri DataBaseAddress { get; set; } = new("https://api-data.line.me/");

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ChannelAccessToken);
}

/// <summary>What LINE's content API gave for one message: the bytes, or why not.</summary>
public sealed record LineContent(byte[]? Bytes, LineContentFailure Failure)
{
    public static LineContent Of(byte[] bytes) => new(bytes, LineContentFailure.None);
}

public enum LineContentFailure
{
    None,

    /// <summary>LINE no longer has it (content is kept for a limited time), or never had it.</summary>
    Gone,

    /// <summary>Larger than a photo may be.</summary>
    TooLarge,

    /// <summary>This service has no channel access token.</summary>
    NotConfigured,
}

/// <summary>
/// <c>GET {DataBaseAddress}v2/bot/message/{messageId}/content</c>: the image a resident sent in the chat. A transient
/// fault (unreachable, 429, 5xx) throws, so the consumer's retry and redelivery try again; what cannot mend is a failure.
/// </summary>
public sealed class LineContentClient(HttpClient http, IOptions<LineContentOptions> options)
{
    public const string HttpClientName = "line-content";

    public async Task<LineContent> GetAsync(string messageId, long maxBytes, CancellationToken cancellationToken)
    {
        var line = options.Value;
        if (!line.IsConfigured)
        {
            return new LineContent(null, LineContentFailure.NotConfigured);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(line.DataBaseAddress, $"v2/bot/message/{Uri.EscapeDataString(messageId)}/content"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", line.ChannelAccessToken);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.BadRequest)
        {
            return new LineContent(null, LineContentFailure.Gone);
        }

        response.EnsureSuccessStatusCode(); // 401/403 (a wrong token) and 5xx throw: retried, then parked for an operator
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return new LineContent(null, LineContentFailure.TooLarge);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new LineContent(null, LineContentFailure.TooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return LineContent.Of(buffer.ToArray());
    }
}

/// <summary>Says in <c>/health</c> whether LINE reports bring their photos (Healthy either way).</summary>
public sealed class LineContentHealthCheck(IOptions<LineContentOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(options.Value.IsConfigured
            ? $"on: photos of LINE reports from {options.Value.DataBaseAddress.Host}"
            : "off: Requests:Line:ChannelAccessToken is not set (LINE reports are taken in without their photos)"));
}
