using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class IdempotencyKeyTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static HttpRequestMessage Post(string uri, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    [Fact]
    public async Task A_retried_person_registration_answers_with_the_first_person_and_registers_one()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { firstNameTh = "ส่งซ้ำ", lastNameTh = "ครั้งเดียว" + Guid.NewGuid().ToString("N")[..6], phone = "0821112222" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities/people", body, key));
        using var retry = await staff.SendAsync(Post("/api/communities/people", body, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(Replayed(first));
        Assert.True(Replayed(retry));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await factory.InDbAsync(db => db.People.CountAsync(p => p.LastNameTh == body.lastNameTh)));
        Assert.Single(await factory.EventsAsync<Contracts.PersonRegistered>(id));
    }

    [Fact]
    public async Task A_retried_assignment_answers_with_the_first_term_instead_of_a_clash()
    {
        var community = await factory.CommunityIdAsync("KPP-01");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var key = Guid.NewGuid().ToString();
        var body = new { personId = person, role = "president", communityId = community, startDate = "2019-10-01" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities/offices", body, key));
        using var retry = await staff.SendAsync(Post("/api/communities/offices", body, key));
        using var another = await staff.SendAsync(Post("/api/communities/offices", body, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(Replayed(retry));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await ProblemAssert.IsProblemAsync(another, CommunitiesProblems.OfficeClash);
    }

    [Fact]
    public async Task A_retried_community_registration_is_not_a_code_clash_and_a_key_reused_for_another_request_is_422()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { code = "KPP-95", nameTh = "ชุมชนเก้าสิบห้า" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities", body, key));
        using var retry = await staff.SendAsync(Post("/api/communities", body, key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        Assert.True(Replayed(retry));
        using var otherBody = await staff.SendAsync(Post("/api/communities", new { code = "KPP-96", nameTh = "ชุมชนเก้าสิบหก" }, key));
        await ProblemAssert.IsProblemAsync(otherBody, ProblemTypes.IdempotencyKeyReused);
        using var reused = await staff.SendAsync(Post("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข" }, key));
        await ProblemAssert.IsProblemAsync(reused, ProblemTypes.IdempotencyKeyReused);
        using var tooLong = await staff.SendAsync(Post("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข" }, new string('k', 129)));
        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }
}
