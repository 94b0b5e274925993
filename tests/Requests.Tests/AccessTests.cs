using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>Who may see what: the object-level rules of the service.</summary>
public sealed class AccessTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_leader_of_a_sees_all_of_as_requests_and_none_of_bs()
    {
        var a = await factory.KnownCommunityAsync();
        var b = await factory.KnownCommunityAsync();
        using var residentOfA = factory.ClientAs("resident-of-a", "resident");
        using var residentOfB = factory.ClientAs("resident-of-b", "resident");
        var inA = (await RequestsFactory.SubmitAsync(residentOfA, RequestsFactory.Drainage(a))).GetProperty("id").GetGuid();
        var inB = (await RequestsFactory.SubmitAsync(residentOfB, RequestsFactory.Drainage(b))).GetProperty("id").GetGuid();
        using var leaderOfA = await factory.RegistryLeaderOfAsync(a, "leader-of-a");

        Assert.Equal(HttpStatusCode.OK, (await leaderOfA.GetAsync($"/api/requests/{inA}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await leaderOfA.GetAsync($"/api/requests/{inB}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await leaderOfA.GetAsync($"/api/requests/{inB}/history"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await RequestsFactory.TransitionAsync(leaderOfA, inB, new { to = "triaged" }), HttpStatusCode.NotFound);

        var listed = Ids(await leaderOfA.GetFromJsonAsync<JsonElement>("/api/requests?pageSize=100"));
        Assert.Contains(inA, listed);
        Assert.DoesNotContain(inB, listed);
        var filteredToB = await leaderOfA.GetFromJsonAsync<JsonElement>($"/api/requests?community={b}");
        Assert.Equal(0, filteredToB.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_leader_sees_a_residents_request_of_their_community_without_the_residents_contact()
    {
        var a = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-phone-a", "staff");
        var created = await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = a, category = "waste", title = "ขยะไม่ได้เก็บ", description = "สามวันแล้ว",
            channel = "phone", submitter = new { name = "นายสมหมาย ใจงาม", phone = "0898765432" },
        });
        using var leader = await factory.RegistryLeaderOfAsync(a, "leader-contact");

        var view = await leader.GetFromJsonAsync<JsonElement>($"/api/requests/{created.GetProperty("id").GetGuid()}");

        Assert.Equal(JsonValueKind.Null, view.GetProperty("submitter").ValueKind);
        Assert.DoesNotContain("0898765432", view.GetRawText());
        Assert.DoesNotContain("สมหมาย", view.GetRawText());
    }

    [Fact]
    public async Task A_resident_lists_only_their_own_requests()
    {
        var community = await factory.KnownCommunityAsync();
        using var mine = factory.ClientAs("resident-own-list", "resident");
        using var other = factory.ClientAs("resident-other-list", "resident");
        var own = (await RequestsFactory.SubmitAsync(mine, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        var theirs = (await RequestsFactory.SubmitAsync(other, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();

        var listed = Ids(await mine.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}"));

        Assert.Equal([own], listed);
        Assert.DoesNotContain(theirs, listed);
    }

    [Fact]
    public async Task Officials_list_everything_and_filter_by_category_status_division_and_fiscal_year()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-filter", "resident");
        var drainage = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        var water = (await RequestsFactory.SubmitAsync(resident, new { communityId = community, category = "water", title = "น้ำประปาไม่ไหล", description = "ทั้งซอย" }))
            .GetProperty("id").GetGuid();
        using var executive = factory.ClientAs("exec-filter", "executive");

        Assert.Equal([water, drainage], Ids(await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}")));
        Assert.Equal([water], Ids(await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&division=water-supply")));
        Assert.Equal([drainage], Ids(await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&category=drainage&status=submitted")));
        var fiscalYear = Municipal.ThaiCalendar.FiscalYear.Of(DateTimeOffset.UtcNow).BuddhistEra;
        Assert.Equal(2, (await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&fiscalYear={fiscalYear}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&fiscalYear={fiscalYear - 1}")).GetProperty("total").GetInt32());
        var paged = await executive.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}&pageSize=1&page=2");
        Assert.Equal([drainage], Ids(paged));
        Assert.Equal(2, paged.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_list_without_a_page_size_gives_up_to_50_and_bad_paging_names_page_or_page_size()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-paging", "staff");
        for (var i = 0; i < 21; i++)
        {
            await RequestsFactory.SubmitAsync(staff, RequestsFactory.Drainage(community, title: $"ท่ออุดตัน {i}"));
        }

        var listed = await staff.GetFromJsonAsync<JsonElement>($"/api/requests?community={community}");
        Assert.Equal(21, listed.GetProperty("items").GetArrayLength());
        var problem = await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/requests?page=0&pageSize=101"), HttpStatusCode.BadRequest);
        Assert.Equal(["page", "pageSize"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("status=fixed")]
    [InlineData("category=volcano")]
    [InlineData("fiscalYear=2026")]
    [InlineData("overdue=perhaps")]
    public async Task A_bad_filter_is_400(string query)
    {
        using var staff = factory.ClientAs("staff-badfilter", "staff");
        await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/requests?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_public_list_shows_requests_to_anyone_without_personal_data_and_with_phones_masked()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-public", "staff");
        var created = await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = community, category = "tree", title = "กิ่งไม้จะหักโทร 081-111-2222",
            description = "ต้นไม้ใหญ่หน้าบ้าน ติดต่อ 0811112222 หรือ somchai@example.com",
            addressText = "ซอย 5 โทร 081 111 2222",
            channel = "phone", submitter = new { name = "นายสมชาย ใจดี", phone = "0811112222" },
        });
        using var anonymous = factory.CreateClient();

        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public?community={community}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(created.GetProperty("number").GetString(), item.GetProperty("number").GetString());
        var text = item.GetRawText();
        Assert.DoesNotContain("2222", text);
        Assert.DoesNotContain("somchai", text);
        Assert.DoesNotContain("สมชาย", text);
        Assert.False(item.TryGetProperty("submitter", out _));
        Assert.False(item.TryGetProperty("photos", out _));
        Assert.Contains("[ซ่อนเบอร์โทรศัพท์]", item.GetProperty("description").GetString());
        Assert.Contains("[ซ่อนเบอร์โทรศัพท์]", item.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Near_a_point_the_public_list_offers_the_open_requests_within_100_metres_before_filing()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-near", "resident");
        var close = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community, 16.4700, 99.5400))).GetProperty("id").GetGuid();
        await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community, 16.4720, 99.5400)); // ≈ 170 m from the point asked about
        using var anonymous = factory.CreateClient();

        var near = await anonymous.GetFromJsonAsync<JsonElement>("/api/requests/public?category=drainage&latitude=16.4705&longitude=99.5400");

        Assert.Equal([close], Ids(near));
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/requests/public?latitude=16.47"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_second_report_of_the_same_problem_within_100_metres_is_offered_the_first_as_a_possible_duplicate()
    {
        var community = await factory.KnownCommunityAsync();
        using var first = factory.ClientAs("resident-hint-1", "resident");
        using var second = factory.ClientAs("resident-hint-2", "resident");
        var original = await RequestsFactory.SubmitAsync(first, RequestsFactory.Drainage(community, 16.4900, 99.5600));

        var again = await RequestsFactory.SubmitAsync(second, RequestsFactory.Drainage(community, 16.4904, 99.5600)); // ≈ 45 m
        var otherCategory = await RequestsFactory.SubmitAsync(second, new
        {
            communityId = community, category = "road", title = "ถนนแตก", description = "หน้าบ้าน", location = new { latitude = 16.4904, longitude = 99.5600 },
        });

        var hint = Assert.Single(again.GetProperty("possibleDuplicates").EnumerateArray());
        Assert.Equal(original.GetProperty("id").GetGuid(), hint.GetProperty("id").GetGuid());
        Assert.InRange(hint.GetProperty("distanceMetres").GetDouble(), 30, 60);
        Assert.Empty(otherCategory.GetProperty("possibleDuplicates").EnumerateArray());
    }

    [Fact]
    public async Task Of_many_nearby_reports_the_five_nearest_are_offered_nearest_first_with_their_supporters()
    {
        var community = await factory.KnownCommunityAsync();
        using var reporter = factory.ClientAs("resident-many-1", "resident");
        using var neighbour = factory.ClientAs("resident-many-2", "resident");

        // Seven reports of a blocked drain north of the point, 10 m apart (0.00009° of latitude ≈ 10 m), farthest first.
        var ids = new List<Guid>();
        foreach (var step in Enumerable.Range(1, 7).Reverse())
        {
            var report = await RequestsFactory.SubmitAsync(reporter, RequestsFactory.Drainage(community, 16.5000 + step * 0.00009, 99.5700));
            ids.Insert(0, report.GetProperty("id").GetGuid());
        }

        Assert.Equal(HttpStatusCode.OK, (await neighbour.PostAsync($"/api/requests/{ids[1]}/support", null)).StatusCode);

        var again = await RequestsFactory.SubmitAsync(neighbour, RequestsFactory.Drainage(community, 16.5000, 99.5700));
        var hints = again.GetProperty("possibleDuplicates").EnumerateArray().ToList();
        Assert.Equal(ids.Take(5), hints.Select(h => h.GetProperty("id").GetGuid()));
        Assert.Equal(hints.Select(h => h.GetProperty("distanceMetres").GetDouble()).Order(), hints.Select(h => h.GetProperty("distanceMetres").GetDouble()));
        Assert.Equal([0, 1, 0, 0, 0], hints.Select(h => h.GetProperty("supporters").GetInt32()));
        Assert.All(hints, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("number").GetString())));
    }
}
