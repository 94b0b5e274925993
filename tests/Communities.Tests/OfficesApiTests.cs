using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class OfficesApiTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    [Fact]
    public async Task A_president_assigned_is_announced_and_is_the_communitys_current_holder()
    {
        var community = await factory.CommunityIdAsync("KPP-01");
        var person = await factory.NewPersonAsync();
        var personId = person.GetProperty("id").GetGuid();

        using var response = await factory.AssignAsync(personId, "president", community, startDate: "2019-10-01", endDate: "2099-09-30");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var office = await response.Content.ReadFromJsonAsync<JsonElement>();
        var officeId = office.GetProperty("id").GetGuid();
        Assert.Equal("KPP-01", office.GetProperty("communityCode").GetString());
        Assert.Equal("2019-10-01", office.GetProperty("startDate").GetString());

        var assigned = await factory.OneAsync<OfficeAssigned>(m => m.OfficeId == officeId);
        Assert.Equal(personId, assigned.PersonId);
        Assert.Equal("president", assigned.Role);
        Assert.Equal(community, assigned.CommunityId);
        Assert.Equal(new DateOnly(2019, 10, 1), assigned.StartDate);
        Assert.Equal(new DateOnly(2099, 9, 30), assigned.EndDate);

        using var anonymous = factory.CreateClient();
        var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/communities/{community}");
        var holder = Assert.Single(read.GetProperty("currentOffices").EnumerateArray());
        Assert.Equal(person.GetProperty("name").GetString(), holder.GetProperty("holderName").GetString());
    }

    [Fact]
    public async Task A_second_overlapping_president_is_409_naming_the_holder_and_nothing_is_stored()
    {
        var community = await factory.CommunityIdAsync("KPP-02");
        var first = await factory.NewPersonAsync(first: "ประเสริฐ");
        var firstOffice = await factory.AssignedAsync(first.GetProperty("id").GetGuid(), "president", community, startDate: "2019-10-01");
        var second = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();

        using var clash = await factory.AssignAsync(second, "president", community, startDate: "2020-06-01");

        var problem = await ProblemAssert.IsProblemAsync(clash, CommunitiesProblems.OfficeClash);
        Assert.Equal(firstOffice.GetProperty("id").GetGuid(), problem.GetProperty("conflictingOfficeId").GetGuid());
        Assert.Contains(first.GetProperty("name").GetString()!, problem.GetProperty("detail").GetString());
        Assert.Contains("KPP-02", problem.GetProperty("detail").GetString());
        var holder = problem.GetProperty("holder");
        Assert.Equal(firstOffice.GetProperty("id").GetGuid(), holder.GetProperty("officeId").GetGuid());
        Assert.Equal(first.GetProperty("name").GetString(), holder.GetProperty("name").GetString());
        Assert.False(await factory.InDbAsync(db => db.Offices.AnyAsync(o => o.PersonId == second)));
    }

    [Fact]
    public async Task Two_staff_assigning_a_president_to_one_community_at_once_get_one_201_and_one_409()
    {
        var community = await factory.CommunityIdAsync("KPP-03");
        var people = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            people.Add((await factory.NewPersonAsync()).GetProperty("id").GetGuid());
        }

        var responses = await Task.WhenAll(people.Select(p => factory.AssignAsync(p, "president", community, startDate: "2019-10-01")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await factory.InDbAsync(db => db.Offices.CountAsync(o => o.CommunityId == community && o.Role == "president")));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Bad_terms_are_400_and_unusable_people_communities_or_divisions_422()
    {
        var community = await factory.CommunityIdAsync("KPP-04");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "chief", community), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "president"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "president", community, startDate: "2562-10-01"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "president", community, startDate: "2020-01-01", endDate: "2019-01-01"),
            HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(Guid.NewGuid(), "president", community), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "president", Guid.NewGuid()), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "division-head", divisionId: Guid.NewGuid()), HttpStatusCode.UnprocessableEntity);

        using var staff = factory.Staff();
        using var malformed = await staff.PostAsync("/api/communities/offices",
            new StringContent("{\"personId\": \"x\"}", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_erased_person_takes_no_new_office()
    {
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        using var staff = factory.Staff();
        (await staff.DeleteAsync($"/api/communities/people/{person}")).Dispose();
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(person, "council-member"), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task All_presidents_on_a_given_day_are_listed_across_communities()
    {
        var k16 = await factory.CommunityIdAsync("KPP-16");
        var k17 = await factory.CommunityIdAsync("KPP-17");
        var then16 = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var then17 = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var later16 = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await factory.AssignedAsync(then16, "president", k16, startDate: "2017-01-01", endDate: "2019-12-31");
        await factory.AssignedAsync(then17, "president", k17, startDate: "2019-11-19");
        await factory.AssignedAsync(later16, "president", k16, startDate: "2020-01-01");
        await factory.AssignedAsync(then16, "committee-member", k16, startDate: "2017-01-01");

        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/communities/offices?role=president&asOf=2019-11-19&pageSize=100");
        var holders = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetGuid()).ToList();
        Assert.Contains(then16, holders);
        Assert.Contains(then17, holders);
        Assert.DoesNotContain(later16, holders);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("president", i.GetProperty("role").GetString()));

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/communities/offices?role=chief"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_persons_history_lists_every_term_they_held()
    {
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await factory.AssignedAsync(person, "secretary", await factory.CommunityIdAsync("KPP-18"), startDate: "2012-01-01", endDate: "2015-12-31");
        await factory.AssignedAsync(person, "president", await factory.CommunityIdAsync("KPP-18"), startDate: "2016-01-01");
        await factory.AssignedAsync(person, "council-member", startDate: "2021-03-28");

        using var staff = factory.Staff();
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/communities/people/{person}");
        Assert.Equal(["council-member", "president", "secretary"], view.GetProperty("offices").EnumerateArray().Select(o => o.GetProperty("role").GetString()));

        var listed = await staff.GetFromJsonAsync<JsonElement>($"/api/communities/offices?personId={person}");
        Assert.Equal(3, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Ending_a_term_checks_if_match_when_sent_is_announced_frees_the_seat_afterwards_and_is_never_an_extension()
    {
        var community = await factory.CommunityIdAsync("KPP-19");
        var holder = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var office = await factory.AssignedAsync(holder, "president", community, startDate: "2019-10-01");
        var officeId = office.GetProperty("id").GetGuid();

        using var staff = factory.Staff();
        var (_, etag) = await staff.GetWithETagAsync($"/api/communities/offices/{officeId}");
        HttpRequestMessage End(string date, string? tag) =>
            new HttpRequestMessage(HttpMethod.Post, $"/api/communities/offices/{officeId}/end") { Content = JsonContent.Create(new { endDate = date }) }
                .WithIfMatch(tag);

        await ProblemAssert.IsProblemAsync(await staff.SendAsync(End("2021-05-31", "\"99\"")), HttpStatusCode.PreconditionFailed);
        await ProblemAssert.IsProblemAsync(await staff.SendAsync(End("2019-09-01", etag)), HttpStatusCode.BadRequest);
        using var ended = await staff.SendAsync(End("2021-06-30", etag));
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var newTag = ended.Headers.ETag!.ToString();
        await ProblemAssert.IsProblemAsync(await staff.SendAsync(End("2021-05-31", etag)), HttpStatusCode.PreconditionFailed);
        await ProblemAssert.IsProblemAsync(await staff.SendAsync(End("2022-06-30", newTag)), HttpStatusCode.Conflict);

        var message = Assert.Single(await factory.EventsAsync<OfficeEnded>(officeId));
        Assert.Equal("2021-06-30", message.GetProperty("endDate").GetString());

        var successor = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(successor, "president", community, startDate: "2021-06-30"), HttpStatusCode.Conflict);
        using var next = await factory.AssignAsync(successor, "president", community, startDate: "2021-07-01");
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);

        using var earlierWithoutIfMatch = await staff.SendAsync(End("2021-05-31", null));
        Assert.Equal(HttpStatusCode.OK, earlierWithoutIfMatch.StatusCode);
    }

    [Theory]
    [InlineData("community-leader", HttpStatusCode.Forbidden)]
    [InlineData("executive", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_staff_and_admins_assign_offices(string? role, HttpStatusCode expected)
    {
        var community = await factory.CommunityIdAsync("KPP-20");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        using var client = role switch
        {
            null => factory.CreateClient(),
            "community-leader" => factory.ClientAsLeaderOf(community),
            _ => factory.ClientAs("someone", role),
        };

        using var response = await client.PostAsJsonAsync("/api/communities/offices",
            new { personId = person, role = "president", communityId = community, startDate = "2019-10-01" });
        await ProblemAssert.IsProblemAsync(response, expected);
    }

    [Fact]
    public async Task The_mayor_is_a_municipal_office_with_one_seat()
    {
        var mayor = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var rival = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await factory.AssignedAsync(mayor, "mayor", startDate: "2021-03-28");
        var problem = await ProblemAssert.IsProblemAsync(await factory.AssignAsync(rival, "mayor", startDate: "2022-01-01"), HttpStatusCode.Conflict);
        Assert.Contains("the municipality", problem.GetProperty("detail").GetString());
        using var deputy1 = await factory.AssignAsync(rival, "deputy-mayor", startDate: "2021-04-01");
        Assert.Equal(HttpStatusCode.Created, deputy1.StatusCode);
    }
}
