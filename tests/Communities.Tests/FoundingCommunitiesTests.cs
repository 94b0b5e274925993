using MassTransit.Testing;
using Municipal.Contracts;
using Municipal.ServiceDefaults;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class FoundingCommunitiesTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    [Fact]
    public async Task An_empty_registry_starts_with_the_27_founding_communities_and_announces_each()
    {
        using var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=100");

        Assert.Equal(27, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 27).Select(n => $"KPP-{n:D2}"), items.Select(i => i.GetProperty("code").GetString()));
        Assert.All(items, i => Assert.Contains("ชื่อสมมุติ", i.GetProperty("nameTh").GetString()));

        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published.Select<CommunityRegistered>().Count() == 27),
            what: "27 CommunityRegistered events");
        var announced = factory.Harness.Published.Select<CommunityRegistered>().Select(m => m.Context.Message.CommunityId).ToHashSet();
        Assert.Equal(items.Select(i => i.GetProperty("id").GetGuid()).ToHashSet(), announced);
    }

    [Fact]
    public async Task Pages_are_stable_and_carry_the_total()
    {
        using var client = factory.CreateClient();
        var first = await client.GetFromJsonAsync<JsonElement>("/api/communities?page=1&pageSize=10");
        var third = await client.GetFromJsonAsync<JsonElement>("/api/communities?page=3&pageSize=10");

        Assert.Equal(27, first.GetProperty("total").GetInt32());
        Assert.Equal("KPP-01", first.GetProperty("items")[0].GetProperty("code").GetString());
        Assert.Equal(7, third.GetProperty("items").GetArrayLength());
        Assert.Equal("KPP-21", third.GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task One_community_is_found_by_id_and_an_unknown_id_is_404()
    {
        using var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1");
        var id = page.GetProperty("items")[0].GetProperty("id").GetGuid();

        using var found = await client.GetAsync($"/api/communities/{id}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var missing = await client.GetAsync($"/api/communities/{Guid.NewGuid()}");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Bad_paging_is_400_naming_page_or_pageSize(string query, string field)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync($"/api/communities?{query}");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public void The_shipped_csv_holds_27_unique_codes_inside_the_municipality()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "communities.csv")).Skip(1).ToList();
        Assert.Equal(27, lines.Count);
        var fields = lines.Select(l => l.Split(',')).ToList();
        Assert.Equal(27, fields.Select(f => f[0]).Distinct().Count());
        Assert.All(fields, f => Assert.True(MunicipalArea.Contains(new GeoPoint(double.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture))), $"{f[0]} is inside the municipality"));
    }
}
