using Municipal.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Municipal.EndToEnd.Tests;

/// <summary>The first real flow, through the gateway of the running system.</summary>
[Collection(SystemCollection.Name)]
public sealed class FirstFlowTests(SystemFixture system, ITestOutputHelper output)
{
    private HttpClient Gateway => system.Gateway;

    private async Task<Guid> FirstCommunityAsync()
    {
        var page = await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?q=KPP-&status=active&pageSize=1");
            return body.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)body : null;
        }, what: "the founding communities");
        var community = page!.Value.GetProperty("items")[0].GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(Gateway, community);
        return community;
    }

    private static HttpRequestMessage Submit(Guid community, string token, string? traceParent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = JsonContent.Create(new
            {
                communityId = community,
                category = "drainage",
                title = "ท่อระบายน้ำอุดตันหน้าตลาด",
                description = "น้ำท่วมขังทุกครั้งที่ฝนตก ส่งกลิ่นเหม็น",
                location = new { latitude = 16.4812, longitude = 99.5491 },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        return request;
    }

    [Fact]
    public void The_gateway_was_healthy_within_60_seconds_of_starting()
    {
        output.WriteLine(system.Timeline.ToString());
        Assert.True(system.TimeToHealthy < TimeSpan.FromSeconds(60), $"healthy after {system.TimeToHealthy}; start-up:{Environment.NewLine}{system.Timeline}");
    }

    [Fact]
    public async Task A_request_travels_from_the_gateway_through_requests_and_rabbitmq_into_the_submitters_inbox_in_one_trace()
    {
        var community = await FirstCommunityAsync();
        var token = await RegistryLeaders.TokenAsync(Gateway, "e2e-leader", community);
        var traceId = ActivityTraceId.CreateRandom();

        using var submitted = await Gateway.SendAsync(Submit(community, token, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var requestId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var notice = await Eventually.GetAsync(async () =>
        {
            using var inbox = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/inbox");
            inbox.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await Gateway.SendAsync(inbox);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            return page.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("link").GetString() == $"/requests/{requestId}")
                .Select(i => (JsonElement?)i).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "the inbox notification");

        Assert.Contains("ได้รับคำร้อง", notice!.Value.GetProperty("title").GetString());
        Assert.Equal(traceId.ToString(), notice.Value.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Through_the_gateway_no_token_is_401_a_wrong_role_403_and_a_malformed_body_400()
    {
        var community = await FirstCommunityAsync();

        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(new { }) };
        using var unauthorized = await Gateway.SendAsync(anonymous);
        await ProblemAssert.IsProblemAsync(unauthorized, HttpStatusCode.Unauthorized);

        using var forbidden = await Gateway.SendAsync(Submit(community, TestTokens.For("e2e-mayor", ["executive"])));
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent("{\"communityId\": [", Encoding.UTF8, "application/json"),
        };
        malformed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("e2e-resident", ["resident"]));
        using var badRequest = await Gateway.SendAsync(malformed);
        await ProblemAssert.IsProblemAsync(badRequest, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_service_answers_through_the_gateway()
    {
        await FirstCommunityAsync(); // waits until the 27 founding communities are listed
        // The founding room is seeded (other tests add rooms of their own to the shared system).
        var venues = await Gateway.GetFromJsonAsync<JsonElement>("/api/scheduling/venues");
        Assert.Contains(venues.GetProperty("items").EnumerateArray(), v => v.GetProperty("capacity").GetInt32() == 100
            && v.GetProperty("name").GetString() == "ห้องประชุมชากังราว 1" && v.GetProperty("floor").GetString() == "4");
        using var health = await Gateway.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
