using Microsoft.EntityFrameworkCore;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

/// <summary>
/// A leader's rights to contact details come from the registry as well as the token, and reach current and coming
/// terms only.
/// </summary>
public sealed class LeaderRightsTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    [Fact]
    public async Task A_leader_sees_the_contacts_of_current_and_coming_terms_but_not_of_a_former_treasurer()
    {
        var community = await factory.CommunityIdAsync("KPP-21");
        var former = (await factory.NewPersonAsync(phone: "0861112233")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(former, "treasurer", community, startDate: "2020-01-01", endDate: "2021-12-31");
        var current = (await factory.NewPersonAsync(phone: "0864445566")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(current, "secretary", community, startDate: "2022-01-01");
        var coming = (await factory.NewPersonAsync(phone: "0867778899")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(coming, "treasurer", community, startDate: DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"));
        using var leader = await factory.ConfirmedLeaderAsync(community, "leader-21");

        var raw = await leader.GetStringAsync($"/api/communities/{community}/offices?include=contacts");

        var items = JsonDocument.Parse(raw).RootElement.GetProperty("items").EnumerateArray().ToList();
        JsonElement ContactOf(Guid person) => items.Single(i => i.GetProperty("personId").GetGuid() == person).GetProperty("contact");
        Assert.Equal(JsonValueKind.Null, ContactOf(former).ValueKind);
        Assert.DoesNotContain("086-111-2233", raw);
        Assert.DoesNotContain("+66861112233", raw);
        Assert.Equal("+66864445566", ContactOf(current).GetProperty("phoneE164").GetString());
        Assert.Equal("+66867778899", ContactOf(coming).GetProperty("phoneE164").GetString());
        // Only what was shown is logged as read.
        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == former)));
        Assert.Equal(1, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == current && e.AccessorSubject == "leader-21")));

        // Officials still see the history with its contacts.
        using var staff = factory.Staff("staff-21");
        var history = await staff.GetStringAsync($"/api/communities/{community}/offices?include=contacts");
        Assert.Contains("+66861112233", history);
    }

    [Fact]
    public async Task A_leader_whose_term_ended_gets_403_on_contacts_though_the_token_still_names_the_community()
    {
        var community = await factory.CommunityIdAsync("KPP-22");
        var member = (await factory.NewPersonAsync(phone: "0851234567")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(member, "secretary", community, startDate: "2022-01-01");
        using var formerLeader = await factory.ConfirmedLeaderAsync(community, "former-leader-22", startDate: "2020-01-01", endDate: "2021-12-31");

        var offices = await ProblemAssert.IsProblemAsync(await formerLeader.GetAsync($"/api/communities/{community}/offices?include=contacts"), HttpStatusCode.Forbidden);
        var person = await ProblemAssert.IsProblemAsync(await formerLeader.GetAsync($"/api/communities/people/{member}"), HttpStatusCode.Forbidden);

        Assert.DoesNotContain("+66851234567", offices.GetRawText() + person.GetRawText());
        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == member)));
        // Names and roles stay public.
        Assert.Equal(HttpStatusCode.OK, (await formerLeader.GetAsync($"/api/communities/{community}/offices")).StatusCode);
    }

    [Fact]
    public async Task A_subject_the_registry_has_never_heard_of_gets_403_with_a_leaders_token()
    {
        var community = await factory.CommunityIdAsync("KPP-23");
        var member = (await factory.NewPersonAsync(phone: "0857654321")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(member, "president", community, startDate: "2022-01-01");
        using var stranger = factory.ClientAsLeaderOf(community, "nobody-the-registry-knows");

        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/communities/{community}/offices?include=contacts"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/communities/people/{member}"), HttpStatusCode.Forbidden);
        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == member)));
    }

    [Fact]
    public async Task A_term_that_the_registry_ends_takes_the_leaders_rights_with_it()
    {
        var community = await factory.CommunityIdAsync("KPP-24");
        var member = (await factory.NewPersonAsync(phone: "0859998877")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(member, "secretary", community, startDate: "2022-01-01");
        var leaderPerson = (await factory.NewPersonAsync(subject: "leader-24", phone: null)).GetProperty("id").GetGuid();
        var office = (await factory.AssignedAsync(leaderPerson, "president", community, startDate: "2022-01-01")).GetProperty("id").GetGuid();
        using var leader = factory.ClientAsLeaderOf(community, "leader-24");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/communities/people/{member}")).StatusCode);

        using var staff = factory.Staff("staff-24");
        using var ended = await staff.PostAsJsonAsync($"/api/communities/offices/{office}/end", new { endDate = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);

        await ProblemAssert.IsProblemAsync(await leader.GetAsync($"/api/communities/people/{member}"), HttpStatusCode.Forbidden);
    }
}
