using Municipal.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Municipal.Gateway.Tests;

/// <summary>The gateway as the edge: what it forwards, what it refuses before a service sees it.</summary>
public sealed class EdgeTests : IAsyncLifetime
{
    private EchoBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    // Testing: like Production in everything the edge does, but it takes the test key's tokens.
    private GatewayFactory Gateway(Dictionary<string, string?>? settings = null) => new("Testing", _backend, settings, kestrel: true);

    private static HttpContent Bytes(int size) => new ByteArrayContent(new byte[size])
    {
        Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
    };

    [Fact]
    public async Task A_request_is_forwarded_with_its_trace_and_a_correlation_id_that_the_answer_carries_too()
    {
        await using var gateway = Gateway();
        // A client that sends our traceparent as written (the default handler would start its own trace here).
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = gateway.CreateClient().BaseAddress,
        };
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/communities?page=1");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("/api/communities?page=1", seen.Path);
        Assert.Contains(traceId.ToString(), seen.Headers["traceparent"]);
        var correlation = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Equal(correlation, seen.Headers["X-Correlation-Id"]);
        Assert.Equal(traceId.ToString(), correlation);
    }

    [Theory]
    [InlineData("caller-id-123", true)]
    [InlineData("not a valid id <script>", false)]
    public async Task A_callers_own_correlation_id_is_kept_only_when_well_formed(string id, bool kept)
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scheduling/venues");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", id);
        using var response = await client.SendAsync(request);
        Assert.Equal(kept, response.Headers.GetValues("X-Correlation-Id").Single() == id);
    }

    [Theory]
    [InlineData("/api/requests/%2e%2e/notifications/inbox")]
    [InlineData("/api/requests/..%2Fnotifications%2Finbox")]
    [InlineData("/api/communities/x/../../notifications/inbox")]
    [InlineData("/api/communities/a%5C..%5Cb")]
    [InlineData("/api//communities")]
    public async Task A_path_that_is_not_canonical_is_refused_and_never_forwarded(string path)
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        var (status, body) = await RawHttp.GetAsync(client.BaseAddress!, path);
        Assert.Equal(400, status);
        Assert.Contains("canonical", body);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task Thai_typed_raw_into_an_address_is_served_as_if_percent_encoded_not_refused_with_an_empty_400()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        var (status, response) = await RawHttp.GetAsync(client.BaseAddress!, "/api/communities?q=สม");
        Assert.True(status == 200, response);
        Assert.Contains("X-Correlation-Id", response, StringComparison.OrdinalIgnoreCase);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("/api/communities?q=%E0%B8%AA%E0%B8%A1", seen.Path);
    }

    [Theory]
    [InlineData("/api/requests/%2e%2e/notifications/inbox")]
    [InlineData("http://gateway/api/requests/..%2Fnotifications")]
    [InlineData("/api/communities/x/../../notifications/inbox")]
    [InlineData("/api/communities/a\\b")]
    [InlineData("*")]
    public void Paths_in_other_forms_are_not_canonical(string path) => Assert.False(PathGuard.IsCanonical(path));

    [Theory]
    [InlineData("/api/requests/01a2/photos")]
    [InlineData("http://gateway/api/requests?x=..%2F")]
    [InlineData("/api/communities/people?search=%E0%B8%AA%E0%B8%A1")]
    [InlineData("/open311/v2/requests.json")]
    public void Ordinary_paths_are_canonical(string path) => Assert.True(PathGuard.IsCanonical(path));

    [Fact]
    public async Task A_json_body_over_1_mb_is_refused_with_413_before_reaching_the_service()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("r", ["resident"]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = Bytes(1024 * 1024 + 1) };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task A_photo_upload_may_carry_up_to_16_mb_and_no_more()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("r", ["resident"]));

        using var fits = await client.PostAsync("/api/requests/0194a/photos", Bytes(5 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(5 * 1024 * 1024, Assert.Single(_backend.Requests).BodyBytes);

        // Expect: 100-continue lets the client read the refusal instead of pushing 16 MB into a closed connection.
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/requests/0194a/photos") { Content = Bytes(16 * 1024 * 1024 + 1) };
        upload.Headers.ExpectContinue = true;
        using var tooLarge = await client.SendAsync(upload);
        await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task A_flood_of_anonymous_submissions_gets_429_with_retry_after_while_a_signed_in_staff_member_goes_on()
    {
        await using var gateway = Gateway(new() { ["RateLimits:SubmissionsAnonymousPerWindow"] = "3" });
        using var anonymous = gateway.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/requests", new { title = "spam" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        using var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("staff-1", ["staff"]));
        using var allowed = await staff.PostAsJsonAsync("/api/requests", new { title = "phoned in" });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Reads_are_not_held_to_the_submission_limit()
    {
        await using var gateway = Gateway(new() { ["RateLimits:SubmissionsAnonymousPerWindow"] = "1" });
        using var client = gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/api/requests/public");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("http://localhost:5173", true)]
    [InlineData("https://evil.example", false)]
    public async Task Only_configured_web_origins_may_call_from_a_browser(string origin, bool allowed)
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/requests");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await client.SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Fact]
    public async Task Access_logs_hold_neither_tokens_nor_query_strings()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        var token = TestTokens.For("staff-logs", ["staff"]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/communities/people?search=0812345678");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = gateway.LogLines.ToList();
        Assert.Contains(lines, l => l.Contains("GET /api/communities/people 200"));
        Assert.Contains(lines, l => l.Contains("CorrelationId=" + response.Headers.GetValues("X-Correlation-Id").Single()));
        Assert.DoesNotContain(lines, l => l.Contains("0812345678"));
        Assert.DoesNotContain(lines, l => l.Contains(token[..40]));
    }

    [Fact]
    public async Task Logs_hold_no_calendar_feeds_secret_address_neither_in_lines_nor_in_scopes()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();
        const string secret = "Zk3vQ9sT1uW7xY2aB4cD6eF8gH0iJ5kL7mN9pQ1rS3t";
        using var response = await client.GetAsync($"/api/scheduling/feeds/{secret}.ics");

        var lines = gateway.LogLines.ToList();
        Assert.Contains(lines, l => l.Contains("] GET /api/scheduling/feeds/{secret}.ics", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(secret));
        // ASP.NET Core opens each request's log scope with its raw path; loggers read it redacted.
        Assert.Contains(lines, l => l.Contains("RequestPath=/api/scheduling/feeds/{secret}.ics", StringComparison.Ordinal));
    }
}
