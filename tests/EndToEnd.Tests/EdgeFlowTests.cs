using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Municipal.EndToEnd.Tests;

/// <summary>The gateway as the edge of the running system.</summary>
[Collection(SystemCollection.Name)]
public sealed class EdgeFlowTests(SystemFixture system)
{
    [Fact]
    public async Task A_flood_of_anonymous_submissions_gets_429_while_a_signed_in_staff_members_calls_still_succeed()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SystemFixture.AnonymousSubmissionsPerWindow + 10; i++)
        {
            using var response = await system.Gateway.PostAsJsonAsync("/api/requests", new { title = "flood" });
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized, $"got {s}"));
        Assert.DoesNotContain(HttpStatusCode.ServiceUnavailable, statuses);

        using var staff = new HttpRequestMessage(HttpMethod.Get, "/api/communities?pageSize=1");
        staff.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("edge-staff", ["staff"]));
        using var allowed = await system.Gateway.SendAsync(staff);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("/api/communities/%2e%2e/notifications/inbox")]
    [InlineData("/api/requests/..%2F..%2Fnotifications%2Finbox")]
    [InlineData("/api/communities/x/../../notifications/inbox")]
    public async Task Encoded_slashes_and_dot_segments_do_not_reach_any_route(string target)
    {
        var server = system.Gateway.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 400", response);
    }

    [Fact]
    public async Task Every_answer_carries_a_correlation_id()
    {
        using var response = await system.Gateway.GetAsync("/api/scheduling/venues");
        Assert.True(response.Headers.TryGetValues("X-Correlation-Id", out var values) && values.Single().Length > 0);
    }
}
