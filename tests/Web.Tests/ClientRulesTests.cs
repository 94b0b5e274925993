using Municipal.ServiceDefaults.Problems;
using Municipal.Web.Api;
using Municipal.Web.Components.Pages.Leader;
using Municipal.Web.Components.Pages.Staff;
using Municipal.Web.Localization;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Municipal.Web.Tests;

/// <summary>
/// The web client's own rules, without a browser or a system: every problem kind and every field-error code said in
/// Thai (from the kind and the codes, never from the API's English), B.E. dates and years, parsing what people type.
/// </summary>
public sealed partial class ClientRulesTests
{
    private static T In<T>(string culture, Func<T> read)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }

    internal static T InThai<T>(Func<T> read) => In(L.Thai, read);

    /// <summary>Latin words of two letters or more, outside the few names people read as they are.</summary>
    [GeneratedRegex(@"(?<![@.\w])(?!(?:LINE|SMS|KPP)\b)[A-Za-z]{2,}(?![@.\w-])")]
    private static partial Regex LatinWord();

    [Fact]
    public void Dates_in_Thai_are_Buddhist_Era_in_Bangkok_time()
    {
        // 19 Nov 2019 02:00 UTC is 09:00 in Bangkok, in 2562 B.E.
        Assert.Equal("19 พ.ย. 2562 09:00 น.", InThai(() => Dates.Short(new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void A_long_date_names_the_day_once()
    {
        // 1 November 2019 was a Friday: "วันศุกร์ที่", never "วันวันศุกร์".
        Assert.Equal("วันศุกร์ที่ 1 พฤศจิกายน 2562", InThai(() => Dates.Long(new DateOnly(2019, 11, 1))));
        Assert.Equal("Friday 1 November 2019", In(L.English, () => Dates.Long(new DateOnly(2019, 11, 1))));
    }

    [Theory]
    [InlineData(0.05, "3 นาที")]
    [InlineData(0.25, "15 นาที")]
    [InlineData(5.5, "5.5 ชั่วโมง")]
    [InlineData(84, "3.5 วัน")]
    public void A_median_within_minutes_is_said_in_minutes_not_0_hours(double hours, string said) =>
        Assert.Equal(said, InThai(() => Statistics.Duration(hours)));

    [Theory]
    [InlineData(2025, 9, 30, 2568)]
    [InlineData(2025, 10, 1, 2569)]
    public void The_fiscal_year_starts_on_1_October_and_is_named_by_the_BE_year_it_ends_in(int year, int month, int day, int fiscalYear) =>
        Assert.Equal(fiscalYear, Dates.FiscalYear(new DateOnly(year, month, day)));

    [Theory]
    [InlineData("2569", ThaiInput.Outcome.Ok, 2569)]
    [InlineData("๒๕๖๙", ThaiInput.Outcome.Ok, 2569)]
    [InlineData("2026", ThaiInput.Outcome.CommonEra, 2026)]
    [InlineData("3000", ThaiInput.Outcome.OutOfRange, 3000)]
    [InlineData("25x9", ThaiInput.Outcome.NotAYear, 0)]
    public void A_typed_year_is_Buddhist_Era_and_a_Common_Era_year_is_refused(string typed, ThaiInput.Outcome outcome, int year)
    {
        Assert.Equal(outcome, ThaiInput.Year(typed, out var read));
        if (outcome == ThaiInput.Outcome.Ok)
        {
            Assert.Equal(year, read);
        }
    }

    [Fact]
    public void A_Common_Era_year_is_refused_in_Thai_naming_the_Buddhist_Era_year_meant()
    {
        var message = InThai(() => ThaiInput.YearMessage(ThaiInput.Year("2026", out _), "2026", required: true));
        Assert.Equal("ปี 2026 เป็นปี ค.ศ. โปรดกรอกปี พ.ศ. (2569)", message);
    }

    [Theory]
    [InlineData("19/11/2562", 2019, 11, 19)]
    [InlineData("1-10-2568", 2025, 10, 1)]
    [InlineData("๑๙/๑๑/๒๕๖๒", 2019, 11, 19)]
    public void A_typed_date_is_day_month_and_Buddhist_Era_year(string typed, int year, int month, int day)
    {
        Assert.Equal(ThaiInput.Outcome.Ok, ThaiInput.Date(typed, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("19/11/2019", ThaiInput.Outcome.CommonEra)]
    [InlineData("31/2/2562", ThaiInput.Outcome.NotADate)]
    [InlineData("11/19/2562", ThaiInput.Outcome.NotADate)]
    public void A_typed_date_in_the_other_calendar_or_that_does_not_exist_is_refused(string typed, ThaiInput.Outcome outcome) =>
        Assert.Equal(outcome, ThaiInput.Date(typed, out _));

    [Fact]
    public void Every_field_error_code_and_format_is_said_in_Thai_with_no_English_word()
    {
        var generic = InThai(() => FieldText.Say(Code(FieldErrorCodes.Invalid), "title"));
        var findings = new List<string>();
        foreach (var code in FieldErrorCodes.All)
        {
            var thai = InThai(() => FieldText.Say(Code(code), "title"));
            if (code != FieldErrorCodes.Invalid && thai == generic)
            {
                findings.Add($"{code}: no sentence of its own");
            }

            findings.AddRange(LatinWord().Matches(thai).Select(m => $"{code}: '{m.Value}' in \"{thai}\""));
            Assert.False(string.IsNullOrWhiteSpace(In(L.English, () => FieldText.Say(Code(code), "title"))));
        }

        var unknownFormat = InThai(() => FieldText.Say(Code(FieldErrorCodes.Format, ("format", "no-such-format")), "title"));
        foreach (var format in FieldFormats.All)
        {
            var thai = InThai(() => FieldText.Say(Code(FieldErrorCodes.Format, ("format", format)), "title"));
            if (thai == unknownFormat)
            {
                findings.Add($"format {format}: no sentence of its own");
            }

            findings.AddRange(LatinWord().Matches(thai).Select(m => $"format {format}: '{m.Value}' in \"{thai}\""));
        }

        Assert.Empty(findings);
    }

    [Fact]
    public void Every_problem_kind_the_docs_list_is_said_in_Thai_from_its_kind()
    {
        var kinds = DocumentedKinds();
        Assert.Contains("invalid-transition", kinds);
        Assert.DoesNotContain(kinds, k => !ProblemText.Knows(k));
        foreach (var kind in kinds)
        {
            var problem = Problem.Parse(409, $$"""{"type":"urn:municipal:problem:{{kind}}","title":"An English title","detail":"An English detail."}""");
            var said = InThai(() => ProblemText.Headline(problem) + " " + ProblemText.Explanation(problem));
            Assert.DoesNotContain("English", said);
            Assert.Empty(LatinWord().Matches(said).Select(m => $"{kind}: {m.Value}"));
        }
    }

    [Fact]
    public void A_refused_status_change_is_said_in_Thai_with_the_states_it_can_move_to()
    {
        var problem = Problem.Parse(409, """
            {"type":"urn:municipal:problem:invalid-transition","status":409,"title":"The request cannot make this move now.",
             "detail":"The request is submitted: it cannot become resolved. Allowed now: triaged, rejected, duplicate.",
             "currentStatus":"submitted","allowed":["triaged","rejected","duplicate"]}
            """);
        Assert.Equal("คำร้องนี้อยู่ในสถานะ \"รับเรื่องแล้ว\" จึงเปลี่ยนเป็นสถานะที่เลือกไม่ได้", InThai(() => ProblemText.Headline(problem)));
        Assert.Equal("ขณะนี้เปลี่ยนได้เป็น: ส่งต่อหน่วยงานแล้ว, ไม่รับเรื่อง, เรื่องซ้ำ", InThai(() => ProblemText.Explanation(problem)));
    }

    [Fact]
    public void A_leader_the_registry_does_not_vouch_for_is_told_to_wait_or_ask_the_registry_not_that_it_is_someone_elses_community()
    {
        var unconfirmed = Problem.Parse(403, """{"type":"urn:municipal:problem:not-your-community","status":403,"leadership":"unconfirmed"}""");
        var other = Problem.Parse(403, """{"type":"urn:municipal:problem:not-your-community","status":403}""");
        Assert.StartsWith("ทะเบียนชุมชนยังไม่แสดงว่าท่านดำรงตำแหน่งผู้นำ", InThai(() => ProblemText.Headline(unconfirmed)));
        Assert.Equal("ผู้นำชุมชนทำรายการได้เฉพาะชุมชนของตนเอง", InThai(() => ProblemText.Headline(other)));
    }

    [Fact]
    public void Too_many_photos_of_the_fix_is_said_apart_from_too_many_photos_of_the_problem()
    {
        var after = Problem.Parse(409, """{"type":"urn:municipal:problem:too-many-photos","status":409,"max":3,"count":3,"photos":"after"}""");
        var before = Problem.Parse(409, """{"type":"urn:municipal:problem:too-many-photos","status":409,"max":3,"count":3}""");
        Assert.Equal("รูปหลังแก้ไขแนบได้ไม่เกิน 3 รูปต่อคำร้อง", InThai(() => ProblemText.Headline(after)));
        Assert.Equal("คำร้องหนึ่งเรื่องแนบรูปได้ไม่เกิน 3 รูป", InThai(() => ProblemText.Headline(before)));
    }

    [Fact]
    public void A_bad_check_in_code_is_said_in_Thai_from_its_field_code_not_from_the_English_message()
    {
        var problem = Problem.Parse(400, """
            {"type":"urn:municipal:problem:validation","status":400,"title":"The input is not valid.",
             "errors":{"code":["A code is 8 characters from 23456789ABCDEFGHJKMNPQRSTUVWXYZ."]},
             "errorCodes":{"code":[{"code":"format","format":"check-in-code","length":8,"alphabet":"23456789ABCDEFGHJKMNPQRSTUVWXYZ"}]}}
            """);
        Assert.Equal(["รหัสเข้างานมี 8 ตัว ใช้ตัวเลข 2–9 และตัวอักษรอังกฤษ (ไม่มีเลข 0 และ 1)"], InThai(() => FieldText.For(problem, "code")));
        Assert.Equal("ข้อมูลยังไม่ถูกต้อง โปรดแก้ไขตามข้อความใต้ช่องที่กรอก", InThai(() => ProblemText.Headline(problem)));
    }

    [Fact]
    public void A_field_error_without_a_code_is_said_generally_in_Thai_never_in_the_APIs_English()
    {
        var problem = Problem.Parse(400, """{"type":"urn:municipal:problem:validation","errors":{"title":["Something new went wrong."]}}""");
        Assert.Equal(["ข้อมูลในช่องนี้ไม่ถูกต้อง"], InThai(() => FieldText.For(problem, "title")));
    }

    [Fact]
    public void A_problem_keeps_its_kind_field_errors_and_extensions()
    {
        var problem = Problem.Parse(422, """{"type":"urn:municipal:problem:import-bad-rows","status":422,"errors":{"title":["Required."]},"rows":[{"line":3,"errors":["code: Required, e.g. KPP-01."]}]}""");
        Assert.Equal(422, problem.Status);
        Assert.Equal("import-bad-rows", problem.Kind);
        Assert.Equal(new[] { "Required." }, problem.For("title"));
        Assert.Equal(3, problem.Extension("rows")!.Value[0].GetProperty("line").GetInt32());
        Assert.Equal("ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ", InThai(() => ProblemText.Headline(problem)));
    }

    [Theory]
    // Every role Requests' history can name (Actors.RoleNameOf), the Open311 client and the service itself included.
    [InlineData("resident", "ประชาชน")]
    [InlineData("community-leader", "ผู้นำชุมชน")]
    [InlineData("staff", "เจ้าหน้าที่เทศบาล")]
    [InlineData("executive", "ผู้บริหาร")]
    [InlineData("admin", "ผู้ดูแลระบบ")]
    [InlineData("open311", "ระบบภายนอก (Open311)")]
    [InlineData("system", "ระบบ")]
    public void Who_changed_a_request_is_said_in_Thai_never_by_the_role_code(string role, string said)
    {
        Assert.Equal(said, InThai(() => Labels.Role(role)));
        Assert.NotEqual(role, In(L.English, () => Labels.Role(role)));
    }

    [Fact]
    public void Nobody_signs_in_as_an_Open311_client_or_as_the_system() =>
        Assert.Equal(["resident", "community-leader", "staff", "executive", "admin"], Labels.RoleCodes);

    [Theory]
    [InlineData("2570", new[] { 2570 })]
    [InlineData("2571, 2570 2571", new[] { 2570, 2571 })]
    public void Fiscal_years_typed_with_commas_or_spaces_are_read_in_order(string typed, int[] years) =>
        Assert.Equal(years, ProposeProject.ParseYears(typed));

    [Fact]
    public void Fiscal_years_with_anything_but_digits_are_refused() => Assert.Null(ProposeProject.ParseYears("2570, ๒๕๗๑x"));

    [Theory]
    // The "was it fixed?" question (CaseworkNotices): the request's page, at its feedback form.
    [InlineData("/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10#feedback", "/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10#feedback")]
    // The overdue digest of a division: the staff's board with its filters.
    [InlineData("/staff/requests?division=public-works&overdue=true", "/staff/requests?division=public-works&overdue=true")]
    [InlineData("/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", "/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10")]
    [InlineData("https://example.org/api/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10?x=1#feedback", "/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10?x=1#feedback")]
    [InlineData("/api/scheduling/sessions/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", "/meetings")]
    [InlineData("/requests/not-a-request#feedback", null)]
    // Notices name the client's own pages now: they pass as they are.
    [InlineData("/meetings", "/meetings")]
    [InlineData("/preferences", "/preferences")]
    [InlineData("/community", "/community")]
    [InlineData("https://example.org/community", "/community")]
    [InlineData("/staff/registry/communities/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", "/staff/registry/communities/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10")]
    // Older inbox entries keep the links they were written with.
    [InlineData("/sessions/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", "/meetings")]
    [InlineData("/settings/notifications", "/preferences")]
    [InlineData("/offices/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", null)]
    // Only those pages, by their whole path.
    [InlineData("/api/notifications/preferences", null)]
    public void An_inbox_entry_opens_the_page_its_link_names_keeping_the_links_question_or_filters(string link, string? page) =>
        Assert.Equal(page, Inbox.LinkOf(new InboxItemDto(Guid.NewGuid(), "notice", "เรื่อง", "ข้อความ", link, DateTimeOffset.UnixEpoch, null)));

    private static FieldCode Code(string code, params (string Name, object Value)[] values)
    {
        var body = new Dictionary<string, object> { ["code"] = code, ["max"] = 200, ["min"] = 1, ["line"] = 3, ["days"] = 90, ["length"] = 8 };
        foreach (var (name, value) in values)
        {
            body[name] = value;
        }

        return FieldCode.From(System.Text.Json.JsonSerializer.SerializeToElement(body))!;
    }

    /// <summary>The codes of the problem-kinds table of docs/architecture.md (the list the services are checked against).</summary>
    private static IReadOnlyList<string> DocumentedKinds()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "architecture.md")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllLines(Path.Combine(directory!.FullName, "docs", "architecture.md"))
            .Select(line => Regex.Match(line, @"^\| `([a-z0-9-]+)` \| [0-9]{3} \|"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    [Fact]
    public void Maps_ask_no_tile_server_unless_one_is_configured_and_development_uses_openstreetmaps()
    {
        static MapSettings Bind(params string[] files)
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder();
            foreach (var file in files)
            {
                Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonFile(
                    configuration, Municipal.Testing.DocumentedProblemKinds.RepositoryFile(Path.Combine("src", "Web", file)), optional: false);
            }

            var settings = new MapSettings();
            Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.Build().GetSection(MapSettings.Section), settings);
            return settings;
        }

        // Production: no outside host the municipality did not choose, so no tiles until it sets Web:Map:TileUrl.
        Assert.Null(Bind("appsettings.json").TileUrl);
        Assert.Equal("https://tile.openstreetmap.org/{z}/{x}/{y}.png", Bind("appsettings.json", "appsettings.Development.json").TileUrl);
    }
}
