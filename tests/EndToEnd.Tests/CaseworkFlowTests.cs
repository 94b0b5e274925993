using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Casework through the gateway of the running system (issue 18): hand-offs that reach the new division and the officer,
/// a staff note that appears nowhere public (not in public views, Open311, the submitter's views or the submitter's inbox),
/// the submitter's "not fixed" that reopens and reaches the division, the public map and statistics, and the CSV export.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CaseworkFlowTests(SystemFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private async Task<Guid> CommunityAsync(int index)
    {
        var page = await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?q=KPP-&status=active&pageSize=20");
            return body.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)body : null;
        }, what: "the founding communities");
        var id = page!.Value.GetProperty("items")[index].GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(Gateway, id);
        return id;
    }

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string? token, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> TextAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Gateway.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return System.Text.RegularExpressions.Regex.Unescape(await response.Content.ReadAsStringAsync());
    }

    private Task<JsonElement> InboxAsync(string token, string mailbox = "me") => CallAsync(HttpMethod.Get, $"/api/notifications/inbox?mailbox={mailbox}&pageSize=100", token);

    private async Task<JsonElement> EntryAsync(string token, string kind, string number, string mailbox = "me") =>
        (await Eventually.GetAsync(async () =>
        {
            var inbox = await InboxAsync(token, mailbox);
            return inbox.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("kind").GetString() == kind && i.GetProperty("title").GetString()!.Contains(number, StringComparison.Ordinal))
                .Select(i => (JsonElement?)i).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), $"a {kind} entry for {number}"))!.Value;

    [Fact]
    public async Task A_request_handed_to_another_division_and_an_officer_reaches_both_and_a_staff_note_appears_nowhere_public()
    {
        var community = await CommunityAsync(17);
        var run = Guid.NewGuid().ToString("N")[..6];
        var leader = await RegistryLeaders.TokenAsync(Gateway, $"e2e-casework-leader-{run}", community);
        var works = TestTokens.For($"e2e-works-{run}", ["staff"], division: "public-works");
        var health = TestTokens.For($"e2e-health-{run}", ["staff"], division: "public-health");
        var officer = TestTokens.For($"e2e-health-officer-{run}", ["staff"], division: "public-health");
        var secret = $"บันทึกภายใน-{run}-อย่าเผยแพร่";

        var created = await CallAsync(HttpMethod.Post, "/api/requests", leader, new
        {
            communityId = community, category = "drainage", title = $"ท่ออุดตันเพราะรากไม้ {run}", description = "รากต้นไม้ดันท่อแตก",
            location = new { latitude = 16.4801, longitude = 99.5480 },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", works, new { to = "triaged" });
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/notes", works, new { text = secret }, HttpStatusCode.Created);

        // Public Works hands it to Public Health, which is told in its shared inbox.
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/reroute", works, new { division = "public-health", reason = "ต้องตัดรากไม้ก่อน" });
        var told = await EntryAsync(health, "request-rerouted-division", number, "division");
        Assert.Contains("ต้องตัดรากไม้ก่อน", told.GetProperty("body").GetString());

        // An officer of Public Health joins the roster, is assigned it, is told, and finds it under "assigned to me".
        await CallAsync(HttpMethod.Put, "/api/requests/officers/me", officer);
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/assignment", health, new { officer = $"e2e-health-officer-{run}", note = "ไปดูพรุ่งนี้" });
        await EntryAsync(officer, "request-assigned-officer", number);
        var mine = await CallAsync(HttpMethod.Get, "/api/requests?assignedToMe=true", officer);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", health, new { to = "resolved", note = "ตัดรากไม้และซ่อมท่อแล้ว" });
        await EntryAsync(leader, "request-status-changed", number);

        // The note: staff read it; nothing public, nothing the submitter reads, nothing told to anyone carries it.
        Assert.Contains(secret, await TextAsync($"/api/requests/{id}/notes", health));
        foreach (var (path, token) in new (string, string?)[]
        {
            ($"/api/requests/public/{id}", null), ($"/api/requests/public?community={community}", null), ($"/api/requests/public/map?community={community}", null),
            ("/open311/v2/requests.json", null), ("/open311/v2/requests.xml", null), ($"/open311/v2/requests/{number}.json", null),
            ($"/api/requests/{id}", leader), ($"/api/requests/{id}/history", leader), ("/api/notifications/inbox?pageSize=100", leader),
            ("/api/notifications/inbox?mailbox=division&pageSize=100", health),
        })
        {
            Assert.DoesNotContain(secret, await TextAsync(path, token));
        }

        await CallAsync(HttpMethod.Get, $"/api/requests/{id}/notes", leader, expected: HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_submitter_says_it_was_not_fixed_the_request_reopens_and_the_division_is_told()
    {
        var community = await CommunityAsync(18);
        var run = Guid.NewGuid().ToString("N")[..6];
        var leader = await RegistryLeaders.TokenAsync(Gateway, $"e2e-feedback-leader-{run}", community);
        var works = TestTokens.For($"e2e-feedback-works-{run}", ["staff"], division: "public-works");
        var created = await CallAsync(HttpMethod.Post, "/api/requests", leader, new
        {
            communityId = community, category = "road", title = $"ถนนเป็นหลุม {run}", description = "หลุมลึก",
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        foreach (var to in new[] { "triaged", "resolved" })
        {
            await CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", works, new { to });
        }

        var view = await CallAsync(HttpMethod.Get, $"/api/requests/{id}", leader);
        Assert.True(view.GetProperty("feedback").GetProperty("open").GetBoolean());
        await CallAsync(HttpMethod.Post, $"/api/requests/{id}/feedback", works, new { @fixed = true }, HttpStatusCode.Forbidden);
        var answer = await CallAsync(HttpMethod.Post, $"/api/requests/{id}/feedback", leader, new { @fixed = false, rating = 2, comment = "ยังเป็นหลุมอยู่" }, HttpStatusCode.Created);
        Assert.True(answer.GetProperty("reopened").GetBoolean());
        Assert.Equal("in-progress", (await CallAsync(HttpMethod.Get, $"/api/requests/{id}", leader)).GetProperty("status").GetString());

        var toDivision = await EntryAsync(works, "request-feedback-recorded-division", number, "division");
        Assert.Contains("ยังไม่ได้รับการแก้ไข", toDivision.GetProperty("title").GetString());
        var stats = await CallAsync(HttpMethod.Get, $"/api/requests/stats?community={community}", works);
        Assert.True(stats.GetProperty("overall").GetProperty("reopenRate").GetDouble() > 0);
    }

    [Fact]
    public async Task Anyone_sees_the_public_map_and_statistics_and_officials_export_the_board_for_excel()
    {
        var community = await CommunityAsync(19);
        var run = Guid.NewGuid().ToString("N")[..6];
        var leader = await RegistryLeaders.TokenAsync(Gateway, $"e2e-map-leader-{run}", community);
        var staff = TestTokens.For($"e2e-map-staff-{run}", ["staff"]);
        var created = await CallAsync(HttpMethod.Post, "/api/requests", leader, new
        {
            communityId = community, category = "lighting", title = $"ไฟทางดับ {run} โทร 089-111-2222", description = "ดับทั้งซอย",
            location = new { latitude = 16.4812, longitude = 99.5499 },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var map = await CallAsync(HttpMethod.Get, $"/api/requests/public/map?community={community}", null);
        var marker = map.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain("089-111-2222", marker.GetProperty("title").GetString());
        var stats = await CallAsync(HttpMethod.Get, "/api/requests/public/stats", null);
        Assert.Contains(stats.GetProperty("byCommunity").EnumerateArray(), r => r.GetProperty("key").GetString() == community.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/requests/export.csv?community={community}&category=lighting");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
        using var export = await Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("เลขที่คำร้อง,วันที่แจ้ง", text);
        Assert.Contains(created.GetProperty("number").GetString()!, text);
        Assert.DoesNotContain("089-111-2222", text);
        await CallAsync(HttpMethod.Get, "/api/requests/export.csv", leader, expected: HttpStatusCode.Forbidden);
    }
}
