using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

public sealed class VenuesTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task An_empty_database_starts_with_meeting_room_chakangrao_1_for_100_on_the_4th_floor()
    {
        using var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/scheduling/venues");

        var venue = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("ห้องประชุมชากังราว 1", venue.GetProperty("name").GetString());
        Assert.Equal(100, venue.GetProperty("capacity").GetInt32());
        Assert.Equal("4", venue.GetProperty("floor").GetString());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }
}

public sealed class VenueAndProgrammeManagementTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task Staff_add_a_venue_with_its_thai_name_intact_a_duplicate_name_is_409_bad_input_400_and_a_leader_403()
    {
        using var staff = factory.Staff();
        using var created = await staff.PostAsJsonAsync("/api/scheduling/venues", new { name = "ห้องประชุมชากังราว 2", building = "สำนักงานเทศบาล", floor = "3", capacity = 40 });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ห้องประชุมชากังราว 2", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        using var duplicate = await staff.PostAsJsonAsync("/api/scheduling/venues", new { name = "ห้องประชุมชากังราว 2", capacity = 10 });
        await Municipal.Testing.ProblemAssert.IsProblemAsync(duplicate, System.Net.HttpStatusCode.Conflict);
        using var invalid = await staff.PostAsJsonAsync("/api/scheduling/venues", new { name = "", capacity = 0 });
        var problem = await Municipal.Testing.ProblemAssert.IsProblemAsync(invalid, System.Net.HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("capacity", out _));
        using var leader = factory.ClientAsLeaderOf(Guid.NewGuid(), "venue-leader");
        using var forbidden = await leader.PostAsJsonAsync("/api/scheduling/venues", new { name = "ห้องอื่น", capacity = 10 });
        await Municipal.Testing.ProblemAssert.IsProblemAsync(forbidden, System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_programme_names_its_target_offices_and_is_listed_by_fiscal_year_for_everyone()
    {
        using var staff = factory.Staff();
        using var created = await staff.PostAsJsonAsync("/api/scheduling/programmes", new
        {
            fiscalYear = 2569, title = "อบรมประธานชุมชน", targetRoles = new[] { "president", "vice-president" },
        });
        var programme = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["president", "vice-president"], programme.GetProperty("targetRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("2025-10-01", programme.GetProperty("startsOn").GetString());

        var listed = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/scheduling/programmes?fiscalYear=2569&lang=en");
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.StartsWith("Fiscal year 2569 B.E.", item.GetProperty("fiscalYearLabel").GetString());

        using var unknownRole = await staff.PostAsJsonAsync("/api/scheduling/programmes", new { fiscalYear = 2569, title = "x", targetRoles = new[] { "king" } });
        await Municipal.Testing.ProblemAssert.IsProblemAsync(unknownRole, System.Net.HttpStatusCode.BadRequest);
        using var again = await staff.PostAsJsonAsync("/api/scheduling/programmes", new { fiscalYear = 2569, title = "อบรมประธานชุมชน", targetRoles = new[] { "president" } });
        await Municipal.Testing.ProblemAssert.IsProblemAsync(again, System.Net.HttpStatusCode.Conflict);
    }
}
