using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Testing;
using Municipal.ThaiCalendar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>The public map and statistics without sign-in, the staff's map over the board, and the CSV exports.</summary>
public sealed class PublicPictureTests(CaseworkFactory factory) : IClassFixture<CaseworkFactory>
{
    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private async Task<Guid> SubmitAsync(HttpClient client, Guid community, string category = "drainage", string title = "ท่ออุดตัน", bool located = true)
    {
        object body = located
            ? new { communityId = community, category, title, description = "รายละเอียด", location = new { latitude = 16.481, longitude = 99.549 } }
            : new { communityId = community, category, title, description = "รายละเอียด", addressText = "หน้าตลาด" };
        return (await RequestsFactory.SubmitAsync(client, body)).GetProperty("id").GetGuid();
    }

    private static async Task MoveAsync(HttpClient staff, Guid id, params string[] states)
    {
        foreach (var to in states)
        {
            using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to, note = to == "rejected" ? "ไม่อยู่ในอำนาจ" : null });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
    }

    [Fact]
    public async Task The_public_map_shows_open_and_recently_fixed_requests_without_personal_data_to_anyone()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-map", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-map", ["staff"]);
        var open = await SubmitAsync(resident, community, title: "ท่ออุดตัน โทร 081-234-5678");
        var fixedLongAgo = await SubmitAsync(resident, community);
        await MoveAsync(staff, fixedLongAgo, "triaged", "resolved");
        factory.Clock.Advance(TimeSpan.FromDays(100));
        var fixedRecently = await SubmitAsync(resident, community, "road");
        await MoveAsync(staff, fixedRecently, "triaged", "resolved");
        var rejected = await SubmitAsync(resident, community);
        await MoveAsync(staff, rejected, "rejected");
        var unlocated = await SubmitAsync(resident, community, located: false);

        using var anonymous = factory.CreateCheckedClient();
        var map = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/map?community={community}");
        Assert.Equal(new[] { open, fixedRecently }.Order(), Ids(map).Order());
        Assert.Equal((3, 1), (map.GetProperty("total").GetInt32(), map.GetProperty("withoutLocation").GetInt32()));
        var marker = map.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == open);
        Assert.Equal("ท่ออุดตัน โทร [ซ่อนเบอร์โทรศัพท์]", marker.GetProperty("title").GetString());
        Assert.DoesNotContain("resident-map", map.GetRawText());

        var roads = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/map?community={community}&category=road");
        Assert.Equal([fixedRecently], Ids(roads));
        var rejectedOnes = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/map?community={community}&status=rejected");
        Assert.Equal([rejected], Ids(rejectedOnes));
        var longer = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/map?community={community}&recentDays=200");
        Assert.Contains(fixedLongAgo, Ids(longer));
        var bad = await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/requests/public/map?recentDays=0&category=spaceships"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("recentDays", out _) && bad.GetProperty("errors").TryGetProperty("category", out _));
        Assert.DoesNotContain(unlocated, Ids(map));
    }

    [Fact]
    public async Task A_marker_opens_the_public_view_of_its_request_with_the_dates_of_its_states_and_nothing_personal()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-public-one", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-public-one", ["staff"]);
        var id = await SubmitAsync(resident, community, title: "ไฟดับ ติดต่อ somchai@example.th");
        using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged", note = "ส่งช่างคุณสมศักดิ์ 089-999-8888" });

        using var anonymous = factory.CreateCheckedClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/{id}");
        Assert.Equal("ไฟดับ ติดต่อ [ซ่อนอีเมล]", page.GetProperty("request").GetProperty("title").GetString());
        Assert.Equal(["submitted", "triaged"], page.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        var text = page.GetRawText();
        foreach (var secret in new[] { "089-999-8888", "สมศักดิ์", "resident-public-one", "staff-public-one", "submitter" })
        {
            Assert.DoesNotContain(secret, text);
        }

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/requests/public/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_statistics_count_a_fiscal_year_by_status_category_and_community_with_the_median_times()
    {
        var community = await factory.KnownCommunityAsync(nameTh: "ชุมชนสถิติสาธารณะ");
        using var resident = factory.LongLivedClientAs("resident-public-stats", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-public-stats", ["staff"]);
        var year = FiscalYear.Of(factory.Clock.GetUtcNow()).BuddhistEra;
        using var anonymous = factory.CreateCheckedClient();
        var before = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/stats?fiscalYear={year}");

        var a = await SubmitAsync(resident, community, "tree");
        await SubmitAsync(resident, community, "tree");
        factory.Clock.Advance(TimeSpan.FromHours(10));
        await MoveAsync(staff, a, "triaged");
        factory.Clock.Advance(TimeSpan.FromHours(10));
        await MoveAsync(staff, a, "resolved");

        var stats = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public/stats?fiscalYear={year}");
        Assert.Equal(year, stats.GetProperty("fiscalYear").GetInt32());
        Assert.Equal(before.GetProperty("total").GetInt32() + 2, stats.GetProperty("total").GetInt32());
        int Count(JsonElement s, string table, string key) =>
            s.GetProperty(table).EnumerateArray().Where(r => r.GetProperty("key").GetString() == key).Select(r => r.GetProperty("count").GetInt32()).DefaultIfEmpty(0).Single();
        Assert.Equal(Count(before, "byStatus", "resolved") + 1, Count(stats, "byStatus", "resolved"));
        Assert.Equal(Count(before, "byStatus", "submitted") + 1, Count(stats, "byStatus", "submitted"));
        var ours = stats.GetProperty("byCommunity").EnumerateArray().Single(r => r.GetProperty("key").GetString() == community.ToString());
        Assert.Equal(("ชุมชนสถิติสาธารณะ", 2, 10.0, 20.0), (ours.GetProperty("nameTh").GetString(), ours.GetProperty("count").GetInt32(),
            ours.GetProperty("medianHoursToFirstResponse").GetDouble(), ours.GetProperty("medianHoursToFix").GetDouble()));
        Assert.Equal(JsonValueKind.Number, stats.GetProperty("byCategory").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "tree").GetProperty("medianHoursToFix").ValueKind);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/requests/public/stats?fiscalYear=2026"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Officials_get_the_board_on_a_map_with_its_filters_and_others_do_not()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.LongLivedClientAs("resident-board-map", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-board-map", ["staff"]);
        using var leader = factory.LongLivedClientAs("leader-board-map", ["community-leader"], community);
        var drain = await SubmitAsync(resident, community, "drainage", "ท่อ โทร 081-234-5678");
        var waste = await SubmitAsync(resident, community, "waste");

        var all = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/map?community={community}");
        Assert.Equal(new[] { drain, waste }.Order(), Ids(all).Order());
        Assert.Contains(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == "ท่อ โทร 081-234-5678");
        var health = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/map?community={community}&division=public-health");
        Assert.Equal([waste], Ids(health));
        await ProblemAssert.IsProblemAsync(await leader.GetAsync("/api/requests/map"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/requests/map?status=lost"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_board_exports_as_csv_that_excel_opens_in_thai_with_its_filters_and_text_made_safe()
    {
        var community = await factory.KnownCommunityAsync(nameTh: "ชุมชนส่งออก");
        using var resident = factory.LongLivedClientAs("resident-csv", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-csv", ["staff"]);
        using var leader = factory.LongLivedClientAs("leader-csv", ["community-leader"], community);
        await SubmitAsync(resident, community, "drainage", "=HYPERLINK(\"http://evil\"), \"ด่วน\" โทร 081-234-5678");
        await SubmitAsync(resident, community, "waste", "ขยะ\nล้นถัง");

        using var response = await staff.GetAsync($"/api/requests/export.csv?community={community}&category=drainage");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", Application.CsvExports.RequestColumns), lines[0]);
        Assert.Equal(2, lines.Length); // the header and the one drainage request: the filters held
        Assert.Contains("ชุมชนส่งออก", lines[1]);
        Assert.Contains("ท่อระบายน้ำและทางระบายน้ำ", lines[1]);
        Assert.Contains("รับเรื่องแล้ว", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\"), \"\"ด่วน\"\" โทร [ซ่อนเบอร์โทรศัพท์]\"", lines[1]);
        Assert.DoesNotContain("081-234-5678", text);

        var both = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/requests/export.csv?community={community}"));
        Assert.True(both.Contains("\"ขยะ\nล้นถัง\"", StringComparison.Ordinal), both);
        await ProblemAssert.IsProblemAsync(await leader.GetAsync("/api/requests/export.csv"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/requests/export.csv?fiscalYear=1"), HttpStatusCode.BadRequest);

        // Every channel is named in Thai, as the web client names it: a LINE request says "LINE", not the code "line".
        var channels = new Dictionary<RequestChannel, string>
        {
            [RequestChannel.Web] = "เว็บไซต์", [RequestChannel.Open311] = "ระบบภายนอก (Open311)", [RequestChannel.Line] = "LINE",
        };
        var byTitle = new Dictionary<string, string>();
        foreach (var (channel, name) in channels)
        {
            var title = $"ไฟทางดับ ช่องทาง {channel}";
            var id = await SubmitAsync(resident, community, "lighting", title);
            await factory.DbAsync(db => db.Requests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Channel, channel)));
            byTitle[title] = name;
        }

        var lighting = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/requests/export.csv?community={community}&category=lighting"))
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var channelColumn = Application.CsvExports.RequestColumns.ToList().IndexOf("ช่องทาง");
        var titleColumn = Application.CsvExports.RequestColumns.ToList().IndexOf("เรื่อง");
        Assert.Equal(byTitle.Count + 1, lighting.Length);
        foreach (var line in lighting.Skip(1))
        {
            var fields = line.Split(',');
            Assert.Equal(byTitle[fields[titleColumn]], fields[channelColumn]);
        }
    }

    [Fact]
    public async Task Each_statistics_table_exports_as_csv_with_the_overall_row_last()
    {
        var community = await factory.KnownCommunityAsync(nameTh: "ชุมชนตารางสถิติ");
        using var resident = factory.LongLivedClientAs("resident-stats-csv", ["resident"]);
        using var staff = factory.LongLivedClientAs("staff-stats-csv", ["staff"]);
        await SubmitAsync(resident, community, "tree");

        var text = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/requests/stats/export.csv?table=community&community={community}"));
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", Application.CsvExports.StatsColumns), lines[0]);
        Assert.StartsWith("ชุมชนตารางสถิติ,1,", lines[1]);
        Assert.StartsWith("ทั้งหมด,1,", lines[^1]);
        var divisions = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/requests/stats/export.csv?table=division&community={community}"));
        Assert.Contains("กองสาธารณสุขและสิ่งแวดล้อม", divisions);
        var bad = await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/requests/stats/export.csv?table=planets"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("table", out _));
    }
}
