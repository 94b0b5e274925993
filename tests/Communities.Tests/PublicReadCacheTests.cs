using Microsoft.Data.Sqlite;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

/// <summary>
/// The list of communities and a community's detail are answered from memory with strong ETags: unchanged, a
/// revalidation is a 304; changed — through the API, or by another process writing the database — the very next read
/// shows it; and what is kept is the same for every caller.
/// </summary>
public sealed class PublicReadCacheTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string uri, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_unchanged_list_revalidates_as_304_and_a_change_through_the_api_is_seen_by_the_very_next_read()
    {
        var id = await factory.CommunityIdAsync("KPP-11");
        using var anonymous = factory.CreateClient();
        const string List = "/api/communities?q=KPP-11";

        using var first = await GetAsync(anonymous, List);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());
        using var again = await GetAsync(anonymous, List, etag.ToString());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        using var staff = factory.Staff();
        var (before, detailTag) = await staff.GetWithETagAsync($"/api/communities/{id}");
        var renamed = "ชุมชนเปลี่ยนชื่อ " + Guid.NewGuid().ToString("N")[..6];
        using (var changed = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", new
        {
            code = "KPP-11",
            nameTh = renamed,
            latitude = before.GetProperty("latitude").GetDouble(),
            longitude = before.GetProperty("longitude").GetDouble(),
        }, detailTag)))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using var after = await GetAsync(anonymous, List, etag.ToString());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        var item = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0];
        Assert.Equal(renamed, item.GetProperty("nameTh").GetString());
        using var detail = await GetAsync(anonymous, $"/api/communities/{id}", detailTag);
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Equal(renamed, (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nameTh").GetString());
    }

    [Fact]
    public async Task A_change_written_to_the_database_by_another_process_is_seen_by_the_very_next_read()
    {
        using var anonymous = factory.CreateClient();
        const string List = "/api/communities?q=KPP-12";
        using var first = await GetAsync(anonymous, List);
        var etag = first.Headers.ETag!.ToString();
        using (var cached = await GetAsync(anonymous, List, etag))
        {
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        }

        // Another replica (or a tool) changes the row: nothing in this process saw it happen.
        var renamed = "ชุมชนแก้จากที่อื่น " + Guid.NewGuid().ToString("N")[..6];
        await using (var other = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "communitiesdb.db")};Pooling=false"))
        {
            await other.OpenAsync();
            await using var update = other.CreateCommand();
            update.CommandText = "UPDATE Communities SET NameTh = $name WHERE Code = 'KPP-12'";
            update.Parameters.AddWithValue("$name", renamed);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        using var after = await GetAsync(anonymous, List, etag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(renamed, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("nameTh").GetString());
    }

    [Fact]
    public async Task A_new_office_holder_shows_in_the_detail_at_once_and_changes_its_tag_but_not_the_version_that_if_match_checks()
    {
        var id = await factory.CommunityIdAsync("KPP-13");
        using var anonymous = factory.CreateClient();
        using var first = await GetAsync(anonymous, $"/api/communities/{id}");
        var etag = first.Headers.ETag!.ToString();

        var last = "ประธานใหม่" + Guid.NewGuid().ToString("N")[..6];
        var person = (await factory.NewPersonAsync(last: last)).GetProperty("id").GetGuid();
        await factory.AssignedAsync(person, "committee-member", id, startDate: "2020-01-01");

        using var after = await GetAsync(anonymous, $"/api/communities/{id}", etag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(last, await after.Content.ReadAsStringAsync());
        var newTag = after.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newTag);
        Assert.Equal(etag.Split('.')[0], newTag.Split('.')[0]); // the community's own version did not change

        // The tag read before the new holder still names the current version for a change.
        var body = await after.Content.ReadFromJsonAsync<JsonElement>();
        using var staff = factory.Staff();
        using var changed = await staff.SendAsync(TestApi.Put($"/api/communities/{id}", new
        {
            code = "KPP-13",
            nameTh = body.GetProperty("nameTh").GetString(),
            zone = "9",
            latitude = body.GetProperty("latitude").GetDouble(),
            longitude = body.GetProperty("longitude").GetDouble(),
        }, etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    /// <summary>
    /// The last seven digits of 089-765-4321 in any form (7654321, 765-4321, 765 4321): three digits alone can be part of
    /// an id, and a phone shown with separators is still shown.
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex PhoneTail = new(@"7[-\s.]?6[-\s.]?5[-\s.]?4[-\s.]?3[-\s.]?2[-\s.]?1");

    [Fact]
    public async Task What_is_kept_is_the_same_for_every_caller_and_holds_no_contact_details()
    {
        var id = await factory.CommunityIdAsync("KPP-14");
        var person = (await factory.NewPersonAsync(phone: "089-765-4321", last: "ติดต่อได้" + Guid.NewGuid().ToString("N")[..6])).GetProperty("id").GetGuid();
        await factory.AssignedAsync(person, "treasurer", id, startDate: "2020-01-01");

        using var staff = factory.Staff();
        using var leader = await factory.ConfirmedLeaderAsync(id, "leader-cache-14");
        using var anonymous = factory.CreateClient();
        var answers = new List<(string Body, string? ETag)>();
        foreach (var client in new[] { staff, leader, anonymous, staff })
        {
            using var response = await client.GetAsync($"/api/communities/{id}");
            answers.Add((await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString()));
        }

        Assert.Single(answers.Distinct());
        Assert.DoesNotMatch(PhoneTail, answers[0].Body);

        // Contacts stay per caller: the leader of the community sees them, a stranger is refused, nothing is kept.
        using var own = await leader.GetAsync($"/api/communities/{id}/offices?include=contacts");
        Assert.Matches(PhoneTail, await own.Content.ReadAsStringAsync());
        using var stranger = await anonymous.GetAsync($"/api/communities/{id}/offices?include=contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
    }
}
