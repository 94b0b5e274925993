using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Municipal.Testing;

/// <summary>
/// A stand-in for the LINE Platform, on 127.0.0.1 with a free port: the Messaging API's reply, push and content
/// endpoints that Municipal calls (checking the channel access token), and the platform's side of the webhook, which
/// sends signed events as LINE does, with reply tokens, webhook event ids, and redeliveries of an event already sent.
/// Every message the bot sends a user is recorded in order, by user.
/// </summary>
public sealed class FakeLinePlatform : IAsyncDisposable
{
    public const string ChannelSecret = "fake-line-channel-secret";
    public const string AccessToken = "fake-line-access-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _replyTokens = new();
    private readonly ConcurrentDictionary<string, byte[]> _content = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<BotMessage>> _messages = new();
    private readonly ConcurrentDictionary<string, string> _sentPayloads = new();
    private long _clock;
    private long _advanced;
    private long _ids = Random.Shared.NextInt64(100_000_000_000, 900_000_000_000);

    private FakeLinePlatform(WebApplication app) => _app = app;

    /// <summary>What the Messaging API base address is set to (<c>Notifications:Line:BaseAddress</c>), and the content host.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A message the bot sent: how (reply or push), its text, and the quick replies under it.</summary>
    public sealed record BotMessage(string Via, string Text, IReadOnlyList<JsonObject> QuickReplies)
    {
        public IEnumerable<string> Labels => QuickReplies.Select(q => q["action"]?["label"]?.GetValue<string>() ?? "");

        /// <summary>The postback data of the quick reply with this label.</summary>
        public string? PostbackOf(string label) => QuickReplies
            .FirstOrDefault(q => q["action"]?["label"]?.GetValue<string>() == label)?["action"]?["data"]?.GetValue<string>();
    }

    /// <summary>Calls the bot made that the platform refused (a bad token, an unknown reply token).</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Content requests, by message id.</summary>
    public ConcurrentQueue<string> ContentRequests { get; } = new();

    public static async Task<FakeLinePlatform> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new FakeLinePlatform(app);
        app.MapPost("/v2/bot/message/reply", (Delegate)platform.ReplyAsync);
        app.MapPost("/v2/bot/message/push", (Delegate)platform.PushAsync);
        app.MapGet("/v2/bot/message/{id}/content", (Delegate)platform.ContentAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        platform.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return platform;
    }

    /// <summary>Settings that point a service at this platform.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Notifications:Line:ChannelSecret"] = ChannelSecret,
        ["Notifications:Line:ChannelAccessToken"] = AccessToken,
        ["Notifications:Line:BaseAddress"] = BaseAddress.ToString(),
        ["Notifications:Line:DataBaseAddress"] = BaseAddress.ToString(),
    };

    public static string NewUserId() => "U" + Guid.NewGuid().ToString("N");

    /// <summary>Holds a picture a user "sent"; returns its message id, as the content API serves it.</summary>
    public string AddContent(byte[] bytes)
    {
        var id = Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _content[id] = bytes;
        return id;
    }

    /// <summary>Every message the bot sent this user so far, in order.</summary>
    public IReadOnlyList<BotMessage> MessagesTo(string userId) => _messages.TryGetValue(userId, out var queue) ? [.. queue] : [];

    /// <summary>Waits for the bot to have sent this user a message that matches (after <paramref name="skip"/> of them).</summary>
    public async Task<BotMessage> NextAsync(string userId, Func<BotMessage, bool> which, int skip = 0, TimeSpan? patience = null, string? what = null)
    {
        var deadline = DateTimeOffset.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (MessagesTo(userId).Skip(skip).FirstOrDefault(which) is { } found)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No LINE message to the user: {what ?? "as expected"}. Sent so far: "
                    + string.Join(" | ", MessagesTo(userId).Select(m => $"[{m.Via}] {m.Text}")) + $". Refused: {string.Join(" | ", Refused)}");
            }

            await Task.Delay(100);
        }
    }

    // Events, as LINE builds them. Each has a fresh id and reply token; the clock moves a second per event unless told.

    public JsonObject Follow(string userId) => Event(userId, "follow");

    public JsonObject Text(string userId, string text) =>
        Event(userId, "message", new JsonObject { ["type"] = "text", ["id"] = NextId(), ["text"] = text, ["quoteToken"] = "q" });

    public JsonObject Postback(string userId, string data) => Event(userId, "postback", postback: new JsonObject { ["data"] = data });

    public JsonObject Location(string userId, double latitude, double longitude, string? address = null) =>
        Event(userId, "message", new JsonObject
        {
            ["type"] = "location", ["id"] = NextId(), ["latitude"] = latitude, ["longitude"] = longitude, ["address"] = address,
        });

    /// <summary>An image the user sent; <paramref name="messageId"/> from <see cref="AddContent"/>.</summary>
    public JsonObject Image(string userId, string messageId) => Image(userId, messageId, null);

    /// <summary>
    /// Images the user sent together (chosen at once in the album): one event each, in order, sharing the set's id and
    /// numbered 1 to n. LINE sends each in a call of its own.
    /// </summary>
    public JsonObject[] ImageSet(string userId, params string[] messageIds)
    {
        var set = Guid.NewGuid().ToString("N").ToUpperInvariant();
        return [.. messageIds.Select((id, i) => Image(userId, id, new JsonObject { ["id"] = set, ["index"] = i + 1, ["total"] = messageIds.Length }))];
    }

    private JsonObject Image(string userId, string messageId, JsonObject? imageSet)
    {
        var message = new JsonObject { ["type"] = "image", ["id"] = messageId, ["contentProvider"] = new JsonObject { ["type"] = "line" }, ["quoteToken"] = "q" };
        if (imageSet is not null)
        {
            message["imageSet"] = imageSet;
        }

        return Event(userId, "message", message);
    }

    /// <summary>Moves the platform's clock (the events' timestamps): a person who comes back later.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_replyTokens)
        {
            _advanced += (long)by.TotalMilliseconds;
        }
    }

    /// <summary>The body LINE would send for these events, and its X-Line-Signature.</summary>
    public (string Body, string Signature) Sign(params JsonObject[] events)
    {
        var body = new JsonObject { ["destination"] = "Ufake-official-account", ["events"] = new JsonArray([.. events.Select(e => e.DeepClone())]) }.ToJsonString();
        return (body, Signature(body));
    }

    public static string Signature(string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ChannelSecret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Calls the webhook as LINE does: signed, JSON, at <paramref name="path"/> of <paramref name="client"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, params JsonObject[] events)
    {
        var (body, signature) = Sign(events);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Line-Signature", signature);
        return await client.SendAsync(request);
    }

    /// <summary>The same event again, as LINE redelivers one whose call failed: same id, marked as a redelivery.</summary>
    public static JsonObject Redelivery(JsonObject sent)
    {
        var again = (JsonObject)sent.DeepClone();
        again["deliveryContext"] = new JsonObject { ["isRedelivery"] = true };
        return again;
    }

    private JsonObject Event(string userId, string type, JsonObject? message = null, JsonObject? postback = null)
    {
        var token = Guid.NewGuid().ToString("N");
        _replyTokens[token] = userId;
        var e = new JsonObject
        {
            ["type"] = type,
            ["mode"] = "active",
            ["timestamp"] = Tick(),
            ["source"] = new JsonObject { ["type"] = "user", ["userId"] = userId },
            ["webhookEventId"] = "01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..24],
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
        };
        if (type != "unfollow")
        {
            e["replyToken"] = token;
        }

        if (message is not null)
        {
            e["message"] = message;
        }

        if (postback is not null)
        {
            e["postback"] = postback;
        }

        return e;
    }

    /// <summary>LINE's clock: now (plus what <see cref="Advance"/> added), and never twice the same moment.</summary>
    private long Tick()
    {
        lock (_replyTokens)
        {
            _clock = Math.Max(_clock + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + _advanced);
            return _clock;
        }
    }

    private string NextId() => Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IResult> ReplyAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Results.Unauthorized();
        }

        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
        var token = body["replyToken"]?.GetValue<string>() ?? "";
        if (!_replyTokens.TryRemove(token, out var userId))
        {
            Refused.Enqueue($"reply with an unknown or used token {token}");
            return Results.Json(new { message = "Invalid reply token" }, statusCode: 400);
        }

        Record(userId, "reply", body["messages"]!.AsArray());
        return Results.Json(new { sentMessages = new[] { new { id = NextId(), quoteToken = "q" } } });
    }

    private async Task<IResult> PushAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Results.Unauthorized();
        }

        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var retryKey = context.Request.Headers["X-Line-Retry-Key"].ToString();
        if (retryKey.Length > 0 && !_sentPayloads.TryAdd(retryKey, text))
        {
            // LINE accepts one request per retry key: a repeat is 409 and sends nothing.
            context.Response.Headers["x-line-accepted-request-id"] = retryKey;
            return Results.Json(new { message = "The retry key is already accepted" }, statusCode: 409);
        }

        var body = JsonNode.Parse(text)!;
        Record(body["to"]!.GetValue<string>(), "push", body["messages"]!.AsArray());
        return Results.Json(new { sentMessages = new[] { new { id = NextId(), quoteToken = "q" } } });
    }

    private IResult ContentAsync(HttpContext context, string id)
    {
        ContentRequests.Enqueue(id);
        if (!Authorized(context))
        {
            return Results.Unauthorized();
        }

        return _content.TryGetValue(id, out var bytes) ? Results.Bytes(bytes, "image/jpeg") : Results.NotFound();
    }

    private bool Authorized(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() == $"Bearer {AccessToken}")
        {
            return true;
        }

        Refused.Enqueue($"{context.Request.Path}: bad access token");
        return false;
    }

    private void Record(string userId, string via, JsonArray messages)
    {
        var queue = _messages.GetOrAdd(userId, _ => new ConcurrentQueue<BotMessage>());
        foreach (var message in messages)
        {
            var quick = message?["quickReply"]?["items"]?.AsArray().Select(i => (JsonObject)i!).ToList() ?? [];
            queue.Enqueue(new BotMessage(via, message?["text"]?.GetValue<string>() ?? $"({message?["type"]})", quick));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
