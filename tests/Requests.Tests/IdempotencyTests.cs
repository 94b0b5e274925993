using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>A retried submission with the same Idempotency-Key returns the first result and never creates a second request.</summary>
public sealed class IdempotencyTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static HttpRequestMessage Post(object body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return message;
    }

    private Task<int> CountAsync(Guid community) =>
        factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync(r => r.CommunityId == community));

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_no_second_request()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-retry", "resident");
        var key = Guid.NewGuid().ToString();
        var body = RequestsFactory.Drainage(community);

        using var first = await client.SendAsync(Post(body, key));
        using var second = await client.SendAsync(Post(body, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync(community));
    }

    [Fact]
    public async Task Retries_racing_each_other_still_create_one_request()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-race", "resident");
        var key = Guid.NewGuid().ToString();
        var body = RequestsFactory.Drainage(community);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.SendAsync(Post(body, key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountAsync(community));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_creates_nothing()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-reuse", "resident");
        var key = Guid.NewGuid().ToString();
        using var first = await client.SendAsync(Post(RequestsFactory.Drainage(community), key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await client.SendAsync(Post(RequestsFactory.Drainage(community, title: "อีกเรื่องหนึ่ง"), key));

        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await CountAsync(community));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller_so_two_people_with_the_same_key_get_two_requests()
    {
        var community = await factory.KnownCommunityAsync();
        var key = "shared-" + Guid.NewGuid();
        using var a = factory.ClientAs("resident-a-key", "resident");
        using var b = factory.ClientAs("resident-b-key", "resident");

        using var fromA = await a.SendAsync(Post(RequestsFactory.Drainage(community), key));
        using var fromB = await b.SendAsync(Post(RequestsFactory.Drainage(community), key));

        Assert.Equal(HttpStatusCode.Created, fromA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.NotEqual(fromA.Headers.Location, fromB.Headers.Location);
        Assert.Equal(2, await CountAsync(community));
    }

    [Fact]
    public async Task A_malformed_key_is_400()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-badkey", "resident");
        using var response = await client.SendAsync(Post(RequestsFactory.Drainage(community), new string('k', 129)));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_submission_refused_for_its_input_is_not_remembered_so_the_corrected_retry_goes_through()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-fix", "resident");
        var key = Guid.NewGuid().ToString();
        using var refused = await client.SendAsync(Post(new { communityId = community, category = "drainage", title = "", description = "x" }, key));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var created = await client.SendAsync(Post(RequestsFactory.Drainage(community), key));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
