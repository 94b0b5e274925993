using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class CommunitiesApiTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static object NewCommunity(string code, string nameTh = "ชุมชนบ้านใหม่ริมปิง 🌾", double latitude = 16.4790) => new
    {
        code,
        nameTh,
        nameEn = "Ban Mai Rim Ping",
        zone = "5",
        households = 150,
        population = 480,
        latitude,
        longitude = 99.5470,
    };

    [Fact]
    public async Task Communities_are_searched_by_thai_name_or_code_and_filtered_by_zone()
    {
        using var client = factory.CreateClient();

        var byName = await client.GetFromJsonAsync<JsonElement>("/api/communities?q=" + Uri.EscapeDataString("ตัวอย่างที่ 1"));
        var names = byName.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("KPP-01", names);
        Assert.Contains("KPP-19", names); // "ตัวอย่างที่ 19" contains "ตัวอย่างที่ 1"
        Assert.DoesNotContain("KPP-02", names);

        var byCode = await client.GetFromJsonAsync<JsonElement>("/api/communities?q=kpp-07");
        Assert.Equal("KPP-07", Assert.Single(byCode.GetProperty("items").EnumerateArray()).GetProperty("code").GetString());

        var zone4 = await client.GetFromJsonAsync<JsonElement>("/api/communities?zone=4&pageSize=100");
        Assert.Equal(zone4.GetProperty("total").GetInt32(), zone4.GetProperty("items").GetArrayLength());
        Assert.True(zone4.GetProperty("total").GetInt32() is > 0 and < 27);
        Assert.All(zone4.GetProperty("items").EnumerateArray(), i => Assert.Equal("4", i.GetProperty("zone").GetString()));
    }

    [Fact]
    public async Task The_status_filter_keeps_that_status_and_an_unknown_status_is_400()
    {
        using var client = factory.CreateClient();
        var active = await client.GetFromJsonAsync<JsonElement>("/api/communities?status=active&pageSize=100");
        Assert.All(active.GetProperty("items").EnumerateArray(), i => Assert.Equal("active", i.GetProperty("status").GetString()));

        using var bad = await client.GetAsync("/api/communities?status=sleeping");
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Staff_register_a_community_whose_thai_name_round_trips_and_which_is_announced()
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync("/api/communities", NewCommunity("kpp-31"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/communities/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("KPP-31", body.GetProperty("code").GetString());

        using var anonymous = factory.CreateClient();
        var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/communities/{id}");
        Assert.Equal("ชุมชนบ้านใหม่ริมปิง 🌾", read.GetProperty("nameTh").GetString());

        var announced = await factory.OneAsync<CommunityRegistered>(m => m.CommunityId == id);
        Assert.Equal("KPP-31", announced.Code);
        Assert.Equal("ชุมชนบ้านใหม่ริมปิง 🌾", announced.NameTh);
        Assert.Equal("active", announced.Status);
    }

    [Fact]
    public async Task A_code_already_taken_is_409_and_a_location_outside_the_municipality_is_400_naming_it()
    {
        using var staff = factory.Staff();
        using var taken = await staff.PostAsJsonAsync("/api/communities", NewCommunity("KPP-01"));
        var conflict = await ProblemAssert.IsProblemAsync(taken, HttpStatusCode.Conflict);
        Assert.Contains("KPP-01", conflict.GetProperty("detail").GetString());

        using var far = await staff.PostAsJsonAsync("/api/communities", NewCommunity("KPP-32", latitude: 13.75));
        var problem = await ProblemAssert.IsProblemAsync(far, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("location", out _));
        Assert.False(await factory.InDbAsync(db => db.Communities.AnyAsync(c => c.Code == "KPP-32")));
    }

    [Theory]
    [InlineData("community-leader", HttpStatusCode.Forbidden)]
    [InlineData("executive", HttpStatusCode.Forbidden)]
    [InlineData("resident", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_staff_and_admins_register_communities(string? role, HttpStatusCode expected)
    {
        using var client = role is null ? factory.CreateClient() : factory.ClientAs("someone", role);
        using var response = await client.PostAsJsonAsync("/api/communities", NewCommunity("KPP-40"));
        await ProblemAssert.IsProblemAsync(response, expected);
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_a_stale_one_is_412_and_none_is_428()
    {
        var id = await factory.CommunityIdAsync("KPP-05");
        using var staff = factory.Staff();
        var (before, etag) = await staff.GetWithETagAsync($"/api/communities/{id}");
        var changed = new
        {
            code = "KPP-05",
            nameTh = "ชุมชนวัดช้างรอบ",
            nameEn = before.GetProperty("nameEn").GetString(),
            zone = "2",
            households = 340,
            population = 1025,
            latitude = before.GetProperty("latitude").GetDouble(),
            longitude = before.GetProperty("longitude").GetDouble(),
        };

        using var withoutTag = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", changed, null));
        await ProblemAssert.IsProblemAsync(withoutTag, (HttpStatusCode)428);

        using var updated = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", changed, etag));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.ToString());
        Assert.Equal("ชุมชนวัดช้างรอบ", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nameTh").GetString());

        using var stale = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", changed, etag));
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed);

        var events = await factory.EventsAsync<CommunityChanged>(id);
        var change = Assert.Single(events);
        Assert.Equal("ชุมชนวัดช้างรอบ", change.GetProperty("nameTh").GetString());
        Assert.Equal(1025, (await staff.GetFromJsonAsync<JsonElement>($"/api/communities/{id}")).GetProperty("population").GetInt32());
    }

    [Fact]
    public async Task Saving_the_same_details_again_changes_nothing_and_announces_nothing()
    {
        var id = await factory.CommunityIdAsync("KPP-06");
        using var staff = factory.Staff();
        var (before, etag) = await staff.GetWithETagAsync($"/api/communities/{id}");
        var same = JsonSerializer.Deserialize<Dictionary<string, object?>>(before.GetRawText())!;
        same.Remove("currentOffices");

        using var response = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", same, etag));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.ToString());
        Assert.Empty(await factory.EventsAsync<CommunityChanged>(id));
    }

    [Fact]
    public async Task A_community_merged_into_another_names_it_and_the_change_is_announced()
    {
        var merged = await factory.CommunityIdAsync("KPP-26");
        var into = await factory.CommunityIdAsync("KPP-25");
        using var staff = factory.Staff();
        var (before, etag) = await staff.GetWithETagAsync($"/api/communities/{merged}");
        object Body(Guid? target) => new
        {
            code = "KPP-26",
            nameTh = before.GetProperty("nameTh").GetString(),
            status = "merged",
            statusDate = "2021-01-01",
            mergedInto = target,
        };

        using var self = await staff.SendAsync(TestApi.Put($"/api/communities/{merged}", Body(merged), etag));
        await ProblemAssert.IsProblemAsync(self, HttpStatusCode.BadRequest);
        using var nowhere = await staff.SendAsync(TestApi.Put($"/api/communities/{merged}", Body(Guid.NewGuid()), etag));
        await ProblemAssert.IsProblemAsync(nowhere, HttpStatusCode.UnprocessableEntity);

        using var ok = await staff.SendAsync(TestApi.Put($"/api/communities/{merged}", Body(into), etag));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var change = Assert.Single(await factory.EventsAsync<CommunityChanged>(merged));
        Assert.Equal("merged", change.GetProperty("status").GetString());
        Assert.Equal(into, change.GetProperty("mergedInto").GetGuid());
        Assert.Equal("2021-01-01", change.GetProperty("statusDate").GetString());

        using var anonymous = factory.CreateClient();
        var merges = await anonymous.GetFromJsonAsync<JsonElement>("/api/communities?status=merged");
        Assert.Contains(merges.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == merged);
    }

    [Fact]
    public async Task Anybody_sees_current_holders_names_and_roles_but_no_contact_details()
    {
        var community = await factory.CommunityIdAsync("KPP-08");
        var person = await factory.NewPersonAsync(phone: "089-111-2233", email: "holder8@example.com");
        await factory.AssignedAsync(person.GetProperty("id").GetGuid(), "president", community);
        var past = await factory.NewPersonAsync();
        await factory.AssignedAsync(past.GetProperty("id").GetGuid(), "secretary", community, startDate: "2015-01-01", endDate: "2018-12-31");

        using var anonymous = factory.CreateClient();
        var raw = await anonymous.GetStringAsync($"/api/communities/{community}");
        var body = JsonDocument.Parse(raw).RootElement;

        var holder = Assert.Single(body.GetProperty("currentOffices").EnumerateArray());
        Assert.Equal("president", holder.GetProperty("role").GetString());
        Assert.Equal(person.GetProperty("name").GetString(), holder.GetProperty("holderName").GetString());
        Assert.Equal(JsonValueKind.Null, holder.GetProperty("contact").ValueKind);
        Assert.DoesNotContain("089-111-2233", raw);
        Assert.DoesNotContain("+66891112233", raw);
        Assert.DoesNotContain("holder8@example.com", raw);
    }

    [Fact]
    public async Task Contact_details_of_a_communitys_holders_are_for_its_own_leader_and_officials_and_each_read_is_logged()
    {
        var mine = await factory.CommunityIdAsync("KPP-09");
        var other = await factory.CommunityIdAsync("KPP-10");
        var person = await factory.NewPersonAsync(phone: "0891234567");
        var personId = person.GetProperty("id").GetGuid();
        await factory.AssignedAsync(personId, "treasurer", mine);

        using var anonymous = factory.CreateClient();
        using var unsigned = await anonymous.GetAsync($"/api/communities/{mine}/offices?include=contacts");
        await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Unauthorized);

        using var otherLeader = factory.ClientAsLeaderOf(other, "leader-of-10");
        using var forbidden = await otherLeader.GetAsync($"/api/communities/{mine}/offices?include=contacts");
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);

        using var resident = factory.ClientAs("resident-9", "resident");
        using var residentForbidden = await resident.GetAsync($"/api/communities/{mine}/offices?include=contacts");
        await ProblemAssert.IsProblemAsync(residentForbidden, HttpStatusCode.Forbidden);

        var namesOnly = await otherLeader.GetFromJsonAsync<JsonElement>($"/api/communities/{mine}/offices");
        Assert.Equal(JsonValueKind.Null, namesOnly.GetProperty("items")[0].GetProperty("contact").ValueKind);
        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == personId)));

        using var ownLeader = await factory.ConfirmedLeaderAsync(mine, "leader-of-9");
        var full = await ownLeader.GetFromJsonAsync<JsonElement>($"/api/communities/{mine}/offices?include=contacts");
        var contact = full.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("personId").GetGuid() == personId).GetProperty("contact");
        Assert.Equal("089-123-4567", contact.GetProperty("phone").GetString());
        Assert.Equal("+66891234567", contact.GetProperty("phoneE164").GetString());

        using var mayor = factory.ClientAs("mayor-1", "executive");
        using var executiveRead = await mayor.GetAsync($"/api/communities/{mine}/offices?include=contacts");
        Assert.Equal(HttpStatusCode.OK, executiveRead.StatusCode);

        var log = await factory.InDbAsync(db => db.AccessLog.Where(e => e.PersonId == personId).OrderBy(e => e.At).ToListAsync());
        Assert.Equal(["leader-of-9", "mayor-1"], log.Select(e => e.AccessorSubject));
        Assert.All(log, e => Assert.Equal("community-offices", e.Purpose));
    }

    [Fact]
    public async Task The_offices_of_a_community_as_of_a_date_are_the_terms_held_that_day()
    {
        var community = await factory.CommunityIdAsync("KPP-11");
        var before = await factory.NewPersonAsync();
        var during = await factory.NewPersonAsync();
        await factory.AssignedAsync(before.GetProperty("id").GetGuid(), "president", community, startDate: "2015-10-01", endDate: "2019-09-30");
        await factory.AssignedAsync(during.GetProperty("id").GetGuid(), "president", community, startDate: "2019-10-01");

        using var client = factory.CreateClient();
        var onTheDay = await client.GetFromJsonAsync<JsonElement>($"/api/communities/{community}/offices?asOf=2019-11-19");
        Assert.Equal(during.GetProperty("id").GetGuid(), Assert.Single(onTheDay.GetProperty("items").EnumerateArray()).GetProperty("personId").GetGuid());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/communities/{community}/offices");
        Assert.Equal(2, history.GetProperty("total").GetInt32());

        using var unknown = await client.GetAsync($"/api/communities/{Guid.NewGuid()}/offices");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        using var badDate = await client.GetAsync($"/api/communities/{community}/offices?asOf=19-11-2562");
        await ProblemAssert.IsProblemAsync(badDate, HttpStatusCode.BadRequest);
    }
}
