using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public sealed class RequestsApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static object Body(Guid community) => new
    {
        communityId = community,
        category = "drainage",
        title = "ท่อระบายน้ำอุดตัน 🚰",
        description = "น้ำท่วมขังหน้าบ้านเลขที่ 12 ทุกครั้งที่ฝนตก",
        location = new { latitude = 16.4810, longitude = 99.5500 },
    };

    [Fact]
    public async Task A_leader_submits_a_request_which_is_stored_and_announced_through_the_outbox()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = await factory.RegistryLeaderOfAsync(community, "leader-submits");

        using var response = await client.PostAsJsonAsync("/api/requests", Body(community));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("ท่อระบายน้ำอุดตัน 🚰", created.GetProperty("title").GetString());
        Assert.Equal("submitted", created.GetProperty("status").GetString());
        Assert.Equal("public-works", created.GetProperty("divisionCode").GetString());
        Assert.Equal($"/api/requests/{id}", response.Headers.Location?.OriginalString);

        await factory.PublishedAsync<RequestSubmitted>(m => m.RequestId == id);
        var published = factory.Harness.Published.Select<RequestSubmitted>().Single(m => m.Context.Message.RequestId == id);
        Assert.Equal("leader-submits", published.Context.Message.SubmitterSubject);
        Assert.Equal("drainage", published.Context.Message.Category);
        Assert.Equal("public-works", published.Context.Message.DivisionCode);
        Assert.Equal("web", published.Context.Message.Channel);

        var stored = await factory.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<RequestsDbContext>();
            return (Request: await db.Requests.SingleAsync(r => r.Id == id),
                Event: await db.OutboxMessages.SingleAsync(m => m.Id == published.Context.MessageId));
        });
        Assert.Equal(community, stored.Request.CommunityId);
        Assert.Contains(id.ToString(), stored.Event.Payload);
    }

    [Fact]
    public async Task Without_a_token_submitting_is_401_problem_details()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/requests", Body(Guid.NewGuid()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_by_someone_else_is_401()
    {
        using var client = factory.ClientWith(TestTokens.ForeignlySigned("intruder", "staff"));
        using var response = await client.PostAsJsonAsync("/api/requests", Body(Guid.NewGuid()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        using var client = factory.ClientWith(TestTokens.For("late", ["resident"], lifetime: TimeSpan.FromMinutes(-5)));
        using var response = await client.PostAsJsonAsync("/api/requests", Body(Guid.NewGuid()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_role_that_does_not_submit_requests_is_403()
    {
        using var client = factory.ClientAs("mayor", "executive");
        using var response = await client.PostAsJsonAsync("/api/requests", Body(Guid.NewGuid()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_leader_submitting_for_another_community_is_403_and_nothing_is_stored()
    {
        var mine = await factory.KnownCommunityAsync();
        var other = await factory.KnownCommunityAsync();
        using var client = await factory.RegistryLeaderOfAsync(mine, "leader-elsewhere");
        using var response = await client.PostAsJsonAsync("/api/requests", Body(other));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.AnyAsync(r => r.CommunityId == other)));
    }

    [Fact]
    public async Task A_leader_token_without_its_community_claim_submits_for_no_community()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("leader-without-claim", "community-leader");
        using var response = await client.PostAsJsonAsync("/api/requests", Body(community));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_community_the_registry_never_announced_is_422_and_nothing_is_stored_or_published()
    {
        var unknown = Guid.NewGuid();
        using var client = factory.ClientAs("resident-unknown", "resident");
        using var response = await client.PostAsJsonAsync("/api/requests", Body(unknown));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString());
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.AnyAsync(r => r.CommunityId == unknown)));
        Assert.DoesNotContain(factory.Harness.Published.Select<RequestSubmitted>(), m => m.Context.Message.CommunityId == unknown);
    }

    [Fact]
    public async Task A_dissolved_community_takes_no_new_requests()
    {
        var dissolved = await factory.KnownCommunityAsync(status: "dissolved");
        using var client = factory.ClientAs("resident-dissolved", "resident");
        using var response = await client.PostAsJsonAsync("/api/requests", Body(dissolved));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"communityId\": 42}")]
    [InlineData("{\"communityId\": \"" + "00000000-0000-0000-0000-000000000001" + "\", \"location\": \"here\"}")]
    [InlineData("")]
    public async Task A_malformed_body_is_400_problem_details(string json)
    {
        using var client = factory.ClientAs("resident-1", "resident");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/requests", content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_missing_its_fields_is_400_naming_each_field()
    {
        using var client = factory.ClientAs("resident-2", "resident");
        using var response = await client.PostAsJsonAsync("/api/requests", new { });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "communityId", "category", "title", "description" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors name {field}");
        }
    }

    [Fact]
    public async Task A_location_far_outside_the_municipality_is_400()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = factory.ClientAs("resident-3", "resident");
        using var response = await client.PostAsJsonAsync("/api/requests", new
        {
            communityId = community, category = "road", title = "ถนนชำรุด", description = "หลุมใหญ่",
            location = new { latitude = 13.7563, longitude = 100.5018 },
        });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("location", out _));
    }

    [Fact]
    public async Task A_submitter_reads_their_own_request_and_a_stranger_gets_404()
    {
        var community = await factory.KnownCommunityAsync();
        using var owner = factory.ClientAs("resident-owner", "resident");
        using var created = await owner.PostAsJsonAsync("/api/requests", Body(community));
        var location = created.Headers.Location!;

        using var mine = await owner.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.NotNull(mine.Headers.ETag);

        using var stranger = factory.ClientAs("resident-stranger", "resident");
        using var theirs = await stranger.GetAsync(location);
        await ProblemAssert.IsProblemAsync(theirs, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_take_a_phoned_in_request_with_the_callers_name_and_phone_which_a_resident_may_not()
    {
        var community = await factory.KnownCommunityAsync();
        var body = new
        {
            communityId = community, category = "lighting", title = "ไฟทางดับ", description = "ไฟดับทั้งซอย",
            channel = "phone", submitter = new { name = "นางสมศรี มีสุข", phone = "081-234-5678" },
        };

        using var resident = factory.ClientAs("resident-phone", "resident");
        using var refused = await resident.PostAsJsonAsync("/api/requests", body);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);

        using var staff = factory.ClientAs("staff-desk", "staff");
        var created = await RequestsFactory.SubmitAsync(staff, body);
        Assert.Equal("phone", created.GetProperty("channel").GetString());
        Assert.Equal("นางสมศรี มีสุข", created.GetProperty("submitter").GetProperty("name").GetString());
        // As the other services show phones: the Thai way, with E.164 beside it.
        Assert.Equal("081-234-5678", created.GetProperty("submitter").GetProperty("phone").GetString());
        Assert.Equal("+66812345678", created.GetProperty("submitter").GetProperty("phoneE164").GetString());

        var id = created.GetProperty("id").GetGuid();
        var published = await Eventually.GetAsync(() => Task.FromResult(factory.Harness.Published.Select<RequestSubmitted>()
            .FirstOrDefault(m => m.Context.Message.RequestId == id)), what: "RequestSubmitted");
        Assert.Null(published!.Context.Message.SubmitterSubject); // the caller has no account to notify
        Assert.Equal("phone", published.Context.Message.Channel);
    }

    [Fact]
    public async Task The_categories_are_listed_for_everyone_with_thai_names_divisions_and_targets()
    {
        using var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/requests/categories");
        Assert.Equal(8, page.GetProperty("total").GetInt32());
        var drainage = page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "drainage");
        Assert.Equal("public-works", drainage.GetProperty("divisionCode").GetString());
        Assert.Equal("กองช่าง", drainage.GetProperty("divisionNameTh").GetString());
        Assert.True(drainage.GetProperty("firstResponseHours").GetInt32() > 0);
    }
}
