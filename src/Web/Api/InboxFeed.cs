using Municipal.Web.Auth;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Municipal.Web.Api;

/// <summary>
/// The live inbox of the signed-in user, relayed by the server: one circuit holds one connection to the
/// notifications stream (<c>GET /api/notifications/inbox/stream</c>, server-sent events) through the gateway
/// with the user's token, and raises <see cref="Changed"/> for the pages of that circuit. The browser never
/// sees the token or the stream. On a broken line it reconnects with <c>Last-Event-ID</c>, waiting longer
/// after each failure (1 s up to 30 s); it stops for good on 401/403 (the sign-in is no longer valid).
/// </summary>
public sealed partial class InboxFeed(IHttpClientFactory clients, UserSession session, ILogger<InboxFeed> logger) : IAsyncDisposable
{
    public const string ClientName = "gateway-stream";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<InboxItemDto> _arrived = [];
    private Task? _loop;
    private string? _lastEventId;

    /// <summary>Unread entries of the user's own inbox, as the stream last said (null until it has).</summary>
    public int? Unread { get; private set; }

    /// <summary>Entries that arrived since the feed started, newest first.</summary>
    public IReadOnlyList<InboxItemDto> Arrived
    {
        get
        {
            lock (_arrived)
            {
                return _arrived.ToList();
            }
        }
    }

    public bool Connected { get; private set; }

    /// <summary>Raised (on a background thread) when the count or the entries change.</summary>
    public event Action? Changed;

    /// <summary>Starts the relay once per circuit, for a signed-in user; later calls do nothing.</summary>
    public async Task StartAsync()
    {
        if (_loop is not null)
        {
            return;
        }

        var user = await session.CurrentAsync();
        if (user.AccessToken is not { Length: > 0 } token)
        {
            return;
        }

        _loop = Task.Run(() => RunAsync(token, _stop.Token));
    }

    /// <summary>
    /// After the user marked an entry read here: the count the API answered right after, so the badge need not wait
    /// for the stream. Never a local decrement: the stream's own new count may already have arrived, and would be
    /// counted twice.
    /// </summary>
    public void UnreadIs(int unread)
    {
        Unread = unread;
        Changed?.Invoke();
    }

    private async Task RunAsync(string token, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/inbox/stream");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (_lastEventId is not null)
                {
                    request.Headers.Add("Last-Event-ID", _lastEventId);
                }

                using var response = await clients.CreateClient(ClientName)
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
                {
                    LogRefused((int)response.StatusCode);
                    return;
                }

                response.EnsureSuccessStatusCode();
                Connected = true;
                delay = TimeSpan.FromSeconds(1);
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    Handle(item);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or OperationCanceledException)
            {
                LogBroken(ex.GetType().Name, delay.TotalSeconds);
            }

            Connected = false;
            Changed?.Invoke();
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
        }
    }

    private void Handle(SseItem<string> item)
    {
        switch (item.EventType)
        {
            case "unread":
                Unread = JsonSerializer.Deserialize<UnreadDto>(item.Data, Gateway.Json)?.Unread;
                Changed?.Invoke();
                break;
            case "notification":
                if (JsonSerializer.Deserialize<InboxItemDto>(item.Data, Gateway.Json) is { } entry)
                {
                    lock (_arrived)
                    {
                        _arrived.RemoveAll(e => e.Id == entry.Id);
                        _arrived.Insert(0, entry);
                    }

                    _lastEventId = item.EventId ?? _lastEventId;
                    Changed?.Invoke();
                }

                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "The inbox stream was refused ({Status}); the live inbox stops until the user signs in again.")]
    private partial void LogRefused(int status);

    [LoggerMessage(LogLevel.Information, "The inbox stream broke ({Error}); reconnecting in {Seconds} s.")]
    private partial void LogBroken(string error, double seconds);
}
