using Municipal.Web.Auth;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Municipal.Web.Api;

/// <summary>
/// The one way the web client talks to the system: HTTP to the gateway (<c>http://gateway</c> through service
/// discovery), with the signed-in user's token. Every answer becomes an <see cref="ApiResult{T}"/>: a value, or
/// the API's problem details to show; a gateway that cannot be reached is a problem too, never an exception
/// on the page.
/// </summary>
public sealed partial class Gateway(IHttpClientFactory clients, UserSession session, ILogger<Gateway> logger)
{
    public const string ClientName = "gateway";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, content: null, configure: null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: Json), configure, cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Put, path, JsonContent.Create(body, options: Json), configure, cancellationToken);

    public async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, path);
        request.Content = content;
        configure?.Invoke(request);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var etag = response.Headers.ETag?.ToString();
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return ApiResult<T>.Failure(Problem.Parse((int)response.StatusCode, text));
            }

            if (typeof(T) == typeof(Done) || response.StatusCode == HttpStatusCode.NoContent)
            {
                return ApiResult<T>.Success(typeof(T) == typeof(Done) ? (T)(object)new Done() : default!, etag, (int)response.StatusCode);
            }

            if (typeof(T) == typeof(byte[]))
            {
                return ApiResult<T>.Success((T)(object)await response.Content.ReadAsByteArrayAsync(cancellationToken), etag, (int)response.StatusCode);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return ApiResult<T>.Success(value!, etag, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or JsonException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogUnreachable(method.Method, PathOnly(path), ex.GetType().Name);
            return ApiResult<T>.Failure(Problem.NotReachable(ex is JsonException ? "The answer could not be read." : ex.Message));
        }
    }

    /// <summary>A binary resource (a photo, a QR image) as the API serves it, for the web client's media endpoints; null when refused.</summary>
    public async Task<(byte[] Content, string ContentType)?> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, path);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return (content, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            LogUnreachable("GET", PathOnly(path), ex.GetType().Name);
            return null;
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        var user = await session.CurrentAsync();
        if (user.AccessToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Dates and labels the API writes for people (e.g. a session's "when") follow the page's language.
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(Thread.CurrentThread.CurrentUICulture.TwoLetterISOLanguageName));
        return request;
    }

    private static string PathOnly(string path) => path.Split('?')[0];

    [LoggerMessage(LogLevel.Warning, "The gateway did not answer {Method} {Path}: {Error}")]
    private partial void LogUnreachable(string method, string path, string error);
}
