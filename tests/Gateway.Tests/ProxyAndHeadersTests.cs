using System.Net;

namespace Municipal.Gateway.Tests;

/// <summary>
/// The edge behind a load balancer: forwarded addresses count only from configured proxies, so rate limits fall on
/// the real client; and every answer carries the security headers and no <c>Server</c> header.
/// </summary>
public sealed class ProxyAndHeadersTests : IAsyncLifetime
{
    private EchoBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private static async Task<List<HttpStatusCode>> CallsAsync(HttpClient client, params string[] forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/communities");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_client_address_has_its_own_rate_limit()
    {
        await using var gateway = new GatewayFactory("Testing", _backend, new()
        {
            ["RateLimits:AnonymousPerWindow"] = "2",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        }, kestrel: true);
        using var client = gateway.CreateClient();

        var statuses = await CallsAsync(client, "203.0.113.7", "203.0.113.7", "203.0.113.7", "203.0.113.8", "203.0.113.8");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_caller_that_is_no_configured_proxy_is_not_believed()
    {
        await using var gateway = new GatewayFactory("Testing", _backend, new() { ["RateLimits:AnonymousPerWindow"] = "2" }, kestrel: true);
        using var client = gateway.CreateClient();

        // Writing a new address into the header on every call does not buy a fresh bucket.
        var statuses = await CallsAsync(client, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_line_webhook_has_a_limit_of_its_own_per_address_so_the_town_s_chats_are_not_throttled_as_one_anonymous_caller()
    {
        await using var gateway = new GatewayFactory("Testing", _backend, new()
        {
            ["RateLimits:AnonymousPerWindow"] = "2",
            ["RateLimits:LineWebhookPerWindow"] = "4",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        }, kestrel: true);
        using var client = gateway.CreateClient();

        async Task<List<HttpStatusCode>> WebhookAsync(string address, int times)
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < times; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/line/webhook")
                {
                    Content = new StringContent("""{"destination":"U0","events":[]}""", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
                using var response = await client.SendAsync(request);
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        // LINE calls from one address for every citizen: past that address's anonymous limit, its chats still arrive.
        var line = await WebhookAsync("203.0.113.50", 5);
        var reads = await CallsAsync(client, "203.0.113.50", "203.0.113.50", "203.0.113.50");
        // A flood from elsewhere uses up its own bucket, not LINE's.
        var flood = await WebhookAsync("198.51.100.9", 5);
        var lineAgain = await WebhookAsync("203.0.113.51", 1);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], line);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], reads);
        Assert.Equal(HttpStatusCode.TooManyRequests, flood[^1]);
        Assert.Equal([HttpStatusCode.OK], lineAgain);
    }

    [Theory]
    [InlineData("/api/communities")] // proxied: the service's own headers are replaced
    [InlineData("/health")]
    [InlineData("/no/such/route")]
    public async Task Every_answer_carries_the_security_headers_and_no_server_header(string path)
    {
        await using var gateway = new GatewayFactory("Testing", _backend, kestrel: true);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(",", response.Headers.Server)}");
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain http here
    }

    [Fact]
    public async Task Over_https_as_a_configured_proxy_says_the_answer_carries_hsts()
    {
        await using var gateway = new GatewayFactory("Testing", _backend, new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, kestrel: true);
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");

        using var response = await client.SendAsync(request);

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
