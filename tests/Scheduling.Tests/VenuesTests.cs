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
