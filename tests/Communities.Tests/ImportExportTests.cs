using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class ImportExportTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static ByteArrayContent Csv(string text, bool bom = false)
    {
        var content = new ByteArrayContent([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private async Task<HttpResponseMessage> ImportAsync(string kind, string text, string? mode = null)
    {
        using var staff = factory.Staff();
        return await staff.PostAsync($"/api/communities/import/{kind}" + (mode is null ? "" : $"?mode={mode}"), Csv(text));
    }

    private Task<int> OutboxCountAsync() => factory.InDbAsync(db => db.OutboxMessages.CountAsync());

    [Fact]
    public async Task Exported_communities_are_utf8_csv_in_the_import_shape_and_reimporting_them_changes_nothing()
    {
        using var staff = factory.Staff();
        using var export = await staff.GetAsync("/api/communities/export/communities");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code,name_th,name_en,zone,households,population,latitude,longitude,status,status_date,merged_into", lines[0].TrimEnd('\r'));
        Assert.True(lines.Length >= 28);
        Assert.StartsWith("KPP-01,ชุมชนตัวอย่างที่ 1 (ชื่อสมมุติ),", lines[1]);

        var before = await OutboxCountAsync();
        using var reimport = await staff.PostAsync("/api/communities/import/communities", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
        var report = await reimport.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(lines.Length - 1, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, report.GetProperty("created").GetInt32() + report.GetProperty("updated").GetInt32());
        Assert.Equal(before, await OutboxCountAsync());
    }

    [Fact]
    public async Task The_shipped_founding_file_imports_again_without_any_change()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "communities.csv"));
        var before = await OutboxCountAsync();
        using var response = await ImportAsync("communities", shipped);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(27, report.GetProperty("rows").GetInt32());
        Assert.Equal(27, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, report.GetProperty("created").GetInt32() + report.GetProperty("updated").GetInt32());
        Assert.Equal(before, await OutboxCountAsync());
    }

    [Fact]
    public async Task A_file_with_one_bad_row_is_refused_whole_naming_the_line_and_the_reason()
    {
        const string file = """
            code,name_th,zone,latitude,longitude
            KPP-50,ชุมชนใหม่ห้าสิบ,1,16.4811,99.5502
            KPP-51,,1,16.4812,99.5503
            KPP-52,ชุมชนใหม่ห้าสิบสอง,1,13.7563,100.5018
            KPP-53,ชุมชนใหม่ห้าสิบสาม,abc,16.4813,99.5504
            """;
        var before = await OutboxCountAsync();

        using var response = await ImportAsync("communities", file);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var rows = problem.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([3, 4], rows.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Contains("name_th", rows[0].GetProperty("errors")[0].GetString());
        Assert.Contains("latitude/longitude", rows[1].GetProperty("errors")[0].GetString());
        Assert.Contains("lines 3, 4", problem.GetProperty("detail").GetString());
        Assert.False(await factory.InDbAsync(db => db.Communities.AnyAsync(c => c.Code == "KPP-50" || c.Code == "KPP-53")));
        Assert.Equal(before, await OutboxCountAsync());
    }

    [Fact]
    public async Task Good_rows_only_imports_the_good_rows_lists_the_skipped_and_announces_each_new_community()
    {
        const string file = """
            code,name_th,name_en,households
            KPP-60,ชุมชนหกสิบ,Sixty,10
            KPP-61,ชุมชนหกสิบเอ็ด,,many
            KPP-60,ชุมชนซ้ำ,,1
            """;

        using var response = await ImportAsync("communities", file, "good-rows-only");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        var skipped = report.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal([3, 4], skipped.Select(s => s.GetProperty("line").GetInt32()));
        Assert.Contains("households", skipped[0].GetProperty("errors")[0].GetString());
        Assert.Contains("line 2", skipped[1].GetProperty("errors")[0].GetString());

        var id = await factory.CommunityIdAsync("KPP-60");
        Assert.Equal("ชุมชนหกสิบ", (await factory.OneAsync<CommunityRegistered>(m => m.CommunityId == id)).NameTh);
    }

    [Fact]
    public async Task A_changed_row_updates_its_community_by_code_and_announces_the_change()
    {
        using (var first = await ImportAsync("communities", "code,name_th,zone\nKPP-70,ชุมชนเจ็ดสิบ,1\n"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var id = await factory.CommunityIdAsync("KPP-70");
        using var second = await ImportAsync("communities", "code,name_th,zone\nKPP-70,ชุมชนเจ็ดสิบ (ใหม่),2\n");
        var report = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        var change = Assert.Single(await factory.EventsAsync<CommunityChanged>(id));
        Assert.Equal("ชุมชนเจ็ดสิบ (ใหม่)", change.GetProperty("nameTh").GetString());
        Assert.Equal("2", change.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task People_with_terms_are_imported_once_and_reimporting_the_same_file_changes_nothing()
    {
        const string file = """
            title,first_name_th,last_name_th,phone,email,preferred_channel,subject,role,community_code,division_code,start_date,end_date
            นาย,บุญมี,นำเข้าหนึ่ง,081-000-1111,boonmee@example.com,email,import-boonmee,president,KPP-24,,2019-10-01,
            นาย,บุญมี,นำเข้าหนึ่ง,081-000-1111,boonmee@example.com,email,import-boonmee,committee-member,KPP-24,,2015-10-01,2019-09-30
            นาง,มาลี,นำเข้าสอง,+66 55 711 234,,,,division-head,,public-works,2020-10-01,
            นางสาว,ไม่มีตำแหน่ง,นำเข้าสาม,,,,,,,,,
            """;
        var before = await OutboxCountAsync();

        using var first = await ImportAsync("people", file);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, report.GetProperty("created").GetInt32());
        Assert.Equal(3, report.GetProperty("officesAssigned").GetInt32());
        Assert.Equal(before + 6, await OutboxCountAsync());

        var boonmee = await factory.InDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.LastNameTh == "นำเข้าหนึ่ง"));
        Assert.Equal("+66810001111", boonmee.PhoneE164);
        Assert.Equal("import-boonmee", boonmee.Subject);
        Assert.Equal("email", (await factory.OneAsync<PersonRegistered>(m => m.PersonId == boonmee.Id)).Contact.PreferredChannel);
        Assert.Equal(2, (await factory.EventsAsync<OfficeAssigned>(boonmee.Id)).Count);
        Assert.Equal("+6655711234", (await factory.InDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.LastNameTh == "นำเข้าสอง"))).PhoneE164);

        using var again = await ImportAsync("people", file);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(before + 6, await OutboxCountAsync());
    }

    [Fact]
    public async Task A_people_file_with_a_clash_or_a_bad_phone_is_refused_with_each_line_and_nothing_is_written()
    {
        var community = await factory.CommunityIdAsync("KPP-25");
        var holder = await factory.NewPersonAsync(first: "ครองตำแหน่ง");
        await factory.AssignedAsync(holder.GetProperty("id").GetGuid(), "president", community, startDate: "2019-10-01");
        const string file = """
            first_name_th,last_name_th,phone,role,community_code,start_date
            สมศักดิ์,ชนกันหนึ่ง,0810002222,president,KPP-25,2020-01-01
            สมศรี,ดีหนึ่ง,0810003333,secretary,KPP-25,2020-01-01
            สมปอง,เบอร์ผิด,12345,,,
            สมใจ,ไม่มีชุมชน,,president,KPP-99,2020-01-01
            """;
        var before = await OutboxCountAsync();

        using var response = await ImportAsync("people", file);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var rows = problem.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("errors")[0].GetString()!);
        Assert.Equal([2, 4, 5], rows.Keys.Order());
        Assert.Contains(holder.GetProperty("name").GetString()!, rows[2]);
        Assert.StartsWith("phone:", rows[4]);
        Assert.Contains("KPP-99", rows[5]);
        Assert.False(await factory.InDbAsync(db => db.People.AnyAsync(p => p.LastNameTh == "ดีหนึ่ง")));
        Assert.Equal(before, await OutboxCountAsync());

        using var goodOnly = await ImportAsync("people", file, "good-rows-only");
        var report = await goodOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(3, report.GetProperty("skipped").GetArrayLength());
        Assert.True(await factory.InDbAsync(db => db.People.AnyAsync(p => p.LastNameTh == "ดีหนึ่ง")));
    }

    [Fact]
    public async Task Exported_people_carry_their_ids_so_an_edited_export_updates_them_and_each_exported_person_is_logged()
    {
        var person = await factory.NewPersonAsync(first: "ส่งออก", phone: "0812223344", email: "export@example.com");
        var id = person.GetProperty("id").GetGuid();
        await factory.AssignedAsync(id, "committee-member", await factory.CommunityIdAsync("KPP-26"), startDate: "2019-10-01");

        using var staff = factory.Staff("exporter");
        var text = Encoding.UTF8.GetString((await staff.GetByteArrayAsync("/api/communities/export/people"))[3..]);
        var header = text[..text.IndexOf('\n')].TrimEnd('\r');
        Assert.Equal(
            "person_id,title,first_name_th,last_name_th,name_en,phone,email,line_user_id,preferred_channel,language,subject,role,community_code,division_code,start_date,end_date",
            header);
        var line = text.Split('\n').Single(l => l.StartsWith(id.ToString(), StringComparison.Ordinal)).TrimEnd('\r');
        Assert.Contains(",081-222-3344,export@example.com,", line);
        Assert.Contains(",committee-member,KPP-26,,2019-10-01,", line);
        Assert.True(await factory.InDbAsync(db => db.AccessLog.AnyAsync(e => e.PersonId == id && e.AccessorSubject == "exporter" && e.Purpose == "export")));

        var edited = header + "\n" + line.Replace(",081-222-3344,", ",089-999-0000,", StringComparison.Ordinal) + "\n";
        using var response = await ImportAsync("people", edited);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        var change = Assert.Single(await factory.EventsAsync<PersonContactChanged>(id));
        Assert.Equal("+66899990000", change.GetProperty("contact").GetProperty("phoneE164").GetString());
    }

    [Fact]
    public async Task An_export_row_with_an_earlier_end_date_ends_the_term_and_a_later_one_is_a_bad_row()
    {
        var id = (await factory.NewPersonAsync(first: "จบวาระ")).GetProperty("id").GetGuid();
        var office = await factory.AssignedAsync(id, "vice-president", await factory.CommunityIdAsync("KPP-27"), startDate: "2019-10-01", endDate: "2023-09-30");
        var personLine = (await CsvLineOfAsync(id));

        using var later = await ImportAsync("people", PeopleHeader + "\n" + personLine.Replace("2023-09-30", "2024-09-30", StringComparison.Ordinal));
        var problem = await ProblemAssert.IsProblemAsync(later, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not extended", problem.GetProperty("rows")[0].GetProperty("errors")[0].GetString());

        using var earlier = await ImportAsync("people", PeopleHeader + "\n" + personLine.Replace("2023-09-30", "2022-12-31", StringComparison.Ordinal));
        Assert.Equal(1, (await earlier.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("officesEnded").GetInt32());
        var ended = Assert.Single(await factory.EventsAsync<OfficeEnded>(office.GetProperty("id").GetGuid()));
        Assert.Equal("2022-12-31", ended.GetProperty("endDate").GetString());
    }

    [Fact]
    public async Task A_file_without_some_columns_leaves_those_values_of_known_people_alone()
    {
        var person = await factory.NewPersonAsync(subject: "keeps-subject", phone: "0834445555", email: "keep@example.com", first: "คงเดิม");
        var id = person.GetProperty("id").GetGuid();
        var last = person.GetProperty("lastNameTh").GetString();

        using var withPhone = await ImportAsync("people", $"first_name_th,last_name_th,phone,role,community_code,start_date\nคงเดิม,{last},083-444-5555,secretary,KPP-23,2019-10-01\n");
        var report = await withPhone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, withPhone.StatusCode);
        Assert.Equal(0, report.GetProperty("created").GetInt32() + report.GetProperty("updated").GetInt32());
        Assert.Equal(1, report.GetProperty("officesAssigned").GetInt32());

        using var namesOnly = await ImportAsync("people", $"first_name_th,last_name_th,email\nคงเดิม,{last},new-keep@example.com\n");
        Assert.Equal(1, (await namesOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetInt32());

        var stored = await factory.InDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("keeps-subject", stored.Subject);
        Assert.Equal("+66834445555", stored.PhoneE164);
        Assert.Equal("new-keep@example.com", stored.Email);
        Assert.Single(await factory.EventsAsync<PersonContactChanged>(id));
    }

    private const string PeopleHeader =
        "person_id,title,first_name_th,last_name_th,name_en,phone,email,line_user_id,preferred_channel,language,subject,role,community_code,division_code,start_date,end_date";

    private async Task<string> CsvLineOfAsync(Guid personId)
    {
        using var staff = factory.Staff();
        var text = Encoding.UTF8.GetString((await staff.GetByteArrayAsync("/api/communities/export/people"))[3..]);
        return text.Split('\n').Single(l => l.StartsWith(personId.ToString(), StringComparison.Ordinal)).TrimEnd('\r');
    }

    [Fact]
    public async Task A_whole_file_that_cannot_be_read_is_400_and_an_unknown_mode_is_400()
    {
        using var staff = factory.Staff();
        using var latin = new ByteArrayContent([0x63, 0x6F, 0x64, 0x65, 0x2C, 0x6E, 0x61, 0x6D, 0x65, 0x5F, 0x74, 0x68, 0x0A, 0x41, 0x2C, 0xAA, 0xD8]);
        var notUtf8 = await ProblemAssert.IsProblemAsync(await staff.PostAsync("/api/communities/import/communities", latin), HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", notUtf8.GetProperty("errors").GetProperty("file")[0].GetString());

        await ProblemAssert.IsProblemAsync(await ImportAsync("communities", "code,nameth\n"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await ImportAsync("communities", "code,name_th\n", "some"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/communities/import/communities", new { code = "KPP-90" }),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_file_sent_as_a_form_upload_is_imported_too()
    {
        using var staff = factory.Staff();
        using var form = new MultipartFormDataContent { { Csv("code,name_th\nKPP-80,ชุมชนแปดสิบ\n", bom: true), "file", "communities.csv" } };
        using var response = await staff.PostAsync("/api/communities/import/communities", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
    }

    [Theory]
    [InlineData("executive", "/api/communities/export/people")]
    [InlineData("community-leader", "/api/communities/export/communities")]
    public async Task Only_staff_and_admins_import_and_export(string role, string path)
    {
        using var client = factory.ClientAs("not-staff", role);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(path), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/communities/import/people", Csv("first_name_th,last_name_th\n")), HttpStatusCode.Forbidden);
    }
}
