using Municipal.Communities.Domain;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class DivisionsTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static readonly string[] VocabularyCodes =
        ["clerk-office", "education", "finance", "public-health", "public-works", "social-welfare", "strategy", "water-supply"];

    [Fact]
    public async Task The_divisions_of_the_shared_vocabulary_are_seeded_and_each_is_announced()
    {
        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/communities/divisions");

        Assert.Equal(8, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(VocabularyCodes, items.Select(i => i.GetProperty("code").GetString()));
        var works = items.Single(i => i.GetProperty("code").GetString() == "public-works");
        Assert.Equal("กองช่าง", works.GetProperty("nameTh").GetString());
        Assert.Equal("กองสาธารณสุขและสิ่งแวดล้อม", items.Single(i => i.GetProperty("code").GetString() == "public-health").GetProperty("nameTh").GetString());

        await Eventually.TrueAsync(() => Task.FromResult(Published.Matching<DivisionRegistered>(factory, _ => true).Count() == 8), what: "8 DivisionRegistered");
        Assert.Equal(items.Select(i => i.GetProperty("id").GetGuid()).ToHashSet(),
            Published.Matching<DivisionRegistered>(factory, _ => true).Select(m => m.DivisionId).ToHashSet());
    }

    [Fact]
    public async Task A_division_head_is_assigned_to_a_division_and_listed_as_its_head()
    {
        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/communities/divisions");
        var finance = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "finance").GetProperty("id").GetGuid();
        var head = await factory.NewPersonAsync(first: "วิไล");
        var office = await factory.AssignedAsync(head.GetProperty("id").GetGuid(), OfficeRoleCodes.DivisionHead, divisionId: finance, startDate: "2020-10-01");
        Assert.Equal("finance", office.GetProperty("divisionCode").GetString());

        var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/communities/divisions");
        var listed = after.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == finance).GetProperty("head");
        Assert.Equal(head.GetProperty("name").GetString(), listed.GetProperty("holderName").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("contact").ValueKind);

        var rival = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await factory.AssignAsync(rival, OfficeRoleCodes.DivisionHead, divisionId: finance, startDate: "2021-01-01"),
            HttpStatusCode.Conflict);
    }
}
