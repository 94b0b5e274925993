using Microsoft.EntityFrameworkCore;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class ClientRequestTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static HttpRequestMessage Post(string uri, object body, string? requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        if (requestId is not null)
        {
            request.Headers.Add("x-requestid", requestId);
        }

        return request;
    }

    [Fact]
    public async Task A_retried_person_registration_answers_with_the_first_person_and_registers_one()
    {
        var requestId = Guid.NewGuid().ToString();
        var body = new { firstNameTh = "ส่งซ้ำ", lastNameTh = "ครั้งเดียว" + Guid.NewGuid().ToString("N")[..6], phone = "0821112222" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities/people", body, requestId));
        using var retry = await staff.SendAsync(Post("/api/communities/people", body, requestId));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
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
        var requestId = Guid.NewGuid().ToString();
        var body = new { personId = person, role = "president", communityId = community, startDate = "2019-10-01" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities/offices", body, requestId));
        using var retry = await staff.SendAsync(Post("/api/communities/offices", body, requestId));
        using var another = await staff.SendAsync(Post("/api/communities/offices", body, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await ProblemAssert.IsProblemAsync(another, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_retried_community_registration_is_not_a_code_clash_and_a_reused_id_for_something_else_is_409()
    {
        var requestId = Guid.NewGuid().ToString();
        var body = new { code = "KPP-95", nameTh = "ชุมชนเก้าสิบห้า" };
        using var staff = factory.Staff();

        using var first = await staff.SendAsync(Post("/api/communities", body, requestId));
        using var retry = await staff.SendAsync(Post("/api/communities", body, requestId));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        using var reused = await staff.SendAsync(Post("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข" }, requestId));
        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.Conflict);
        using var notAGuid = await staff.SendAsync(Post("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข" }, "again-please"));
        await ProblemAssert.IsProblemAsync(notAGuid, HttpStatusCode.BadRequest);
    }
}
