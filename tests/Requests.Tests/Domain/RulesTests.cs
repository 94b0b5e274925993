using Municipal.Requests.Domain;
using Municipal.ServiceDefaults;
using Municipal.ThaiCalendar;

namespace Municipal.Requests.Tests.Domain;

public sealed class FiscalYearTests
{
    [Theory]
    [InlineData(2019, 9, 30, 23, 59, 2562)]
    [InlineData(2019, 10, 1, 0, 0, 2563)]
    [InlineData(2020, 9, 30, 23, 59, 2563)]
    [InlineData(2026, 10, 1, 0, 0, 2570)]
    public void The_fiscal_year_runs_from_1_october_bangkok_time_and_is_named_by_the_be_year_it_ends_in(int y, int m, int d, int h, int min, int expected) =>
        Assert.Equal(expected, FiscalYear.Of(new DateTimeOffset(y, m, d, h, min, 0, BangkokTime.Offset)).BuddhistEra);

    [Fact]
    public void Midnight_utc_on_30_september_is_already_1_october_in_bangkok() =>
        Assert.Equal(2570, FiscalYear.Of(new DateTimeOffset(2026, 9, 30, 17, 0, 0, TimeSpan.Zero)).BuddhistEra);

    [Fact]
    public void The_range_of_fy_2563_is_1_october_2019_to_30_september_2020()
    {
        var (start, end) = (new FiscalYear(2563).Start, new FiscalYear(2563).End);
        Assert.Equal(new DateTimeOffset(2019, 10, 1, 0, 0, 0, BangkokTime.Offset), start);
        Assert.Equal(new DateTimeOffset(2020, 10, 1, 0, 0, 0, BangkokTime.Offset), end);
        Assert.Equal(2563, FiscalYear.Of(start).BuddhistEra);
        Assert.Equal(2564, FiscalYear.Of(end).BuddhistEra);
    }

    [Theory]
    [InlineData(2026, false)] // a C.E. year typed by mistake
    [InlineData(2570, true)]
    public void A_christian_era_year_is_not_a_fiscal_year(int year, bool plausible) => Assert.Equal(plausible, FiscalYear.IsValid(year));
}

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("โทร 081-234-5678 ได้ตลอด", "โทร [ซ่อนเบอร์โทรศัพท์] ได้ตลอด")]
    [InlineData("call 0812345678", "call [ซ่อนเบอร์โทรศัพท์]")]
    [InlineData("บ้าน 02 123 4567", "บ้าน [ซ่อนเบอร์โทรศัพท์]")]
    [InlineData("+66 81 234 5678", "[ซ่อนเบอร์โทรศัพท์]")]
    [InlineData("เบอร์ ๐๘๑๒๓๔๕๖๗๘", "เบอร์ [ซ่อนเบอร์โทรศัพท์]")]
    [InlineData("somchai@example.com แจ้ง", "[ซ่อนอีเมล] แจ้ง")]
    public void Phone_numbers_and_emails_typed_into_text_are_masked(string text, string masked) =>
        Assert.Equal(masked, PersonalData.Mask(text));

    [Theory]
    [InlineData("บ้านเลขที่ 12/3 หมู่ 4")]
    [InlineData("ท่อยาว 150 เมตร ปี 2566")]
    [InlineData("R2570-0A1B2C3D")]
    public void House_numbers_lengths_years_and_request_numbers_are_left_alone(string text) => Assert.Equal(text, PersonalData.Mask(text));

    [Theory]
    [InlineData("081-234-5678", "+66812345678")]
    [InlineData("+66 81 234 5678", "+66812345678")]
    [InlineData("055 711 111", "+6655711111")]
    [InlineData("๐๙๑ ๒๓๔ ๕๖๗๘", "+66912345678")]
    [InlineData("12345", null)]
    [InlineData("081-234-567", null)]
    [InlineData("call me", null)]
    public void Thai_phone_numbers_are_stored_as_e164(string input, string? e164) => Assert.Equal(e164, PersonalData.NormalizeThaiPhone(input));
}

public sealed class ImageFormatTests
{
    [Fact]
    public void Jpeg_png_and_webp_are_recognised_from_their_first_bytes()
    {
        Assert.Equal(ImageFormat.Jpeg, ImageFormat.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1]));
        Assert.Equal(ImageFormat.Png, ImageFormat.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Equal(ImageFormat.WebP, ImageFormat.Detect("RIFF\x24\0\0\0WEBP"u8));
    }

    [Fact]
    public void A_pdf_or_a_gif_or_too_few_bytes_are_not_pictures_this_service_takes()
    {
        Assert.Null(ImageFormat.Detect("%PDF-1.7\n%\xE2\xE3"u8));
        Assert.Null(ImageFormat.Detect("GIF89a......"u8));
        Assert.Null(ImageFormat.Detect("RIFF\x24\0\0\0WAVE"u8));
        Assert.Null(ImageFormat.Detect([0xFF, 0xD8]));
        Assert.Null(ImageFormat.Detect([]));
    }
}

public sealed class ServiceLevelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static ServiceLevelSample Sample(RequestStatus status, double? answeredAfterHours, double? resolvedAfterDays, bool plan = false) => new(
        status, T0, T0.AddHours(48), T0.AddDays(30),
        answeredAfterHours is { } a ? T0.AddHours(a) : null,
        resolvedAfterDays is { } r ? T0.AddDays(r) : null,
        plan);

    [Fact]
    public void An_unanswered_request_is_overdue_after_its_first_response_time()
    {
        Assert.False(ServiceLevels.IsOverdue(RequestStatus.Submitted, null, T0.AddHours(48), T0.AddDays(30), T0.AddHours(47)));
        Assert.True(ServiceLevels.IsOverdue(RequestStatus.Submitted, null, T0.AddHours(48), T0.AddDays(30), T0.AddHours(49)));
    }

    [Fact]
    public void A_request_with_the_division_is_overdue_after_its_resolution_time_but_not_while_it_waits_for_the_plan()
    {
        var late = T0.AddDays(31);
        Assert.True(ServiceLevels.IsOverdue(RequestStatus.InProgress, T0.AddHours(1), T0.AddHours(48), T0.AddDays(30), late));
        Assert.False(ServiceLevels.IsOverdue(RequestStatus.NeedsBudget, T0.AddHours(1), T0.AddHours(48), T0.AddDays(30), late));
        Assert.False(ServiceLevels.IsOverdue(RequestStatus.ProposedForPlan, T0.AddHours(1), T0.AddHours(48), T0.AddDays(30), late));
        Assert.False(ServiceLevels.IsOverdue(RequestStatus.Resolved, T0.AddHours(1), T0.AddHours(48), T0.AddDays(30), late));
    }

    [Fact]
    public void The_query_form_of_the_overdue_rule_agrees_with_the_rule()
    {
        var rule = ServiceLevels.OverdueAt(T0.AddDays(31)).Compile();
        var drainage = RequestCategories.Defaults.Single(c => c.Code == "drainage");
        var request = ServiceRequest.Submit(new RequestSubmission { CommunityId = Guid.NewGuid(), Category = "drainage", Title = "t", Description = "d" },
            drainage, RequestChannel.Web, new Submitter("s"), T0);
        Assert.True(rule(request));
        Assert.Equal(request.IsOverdue(T0.AddDays(31)), rule(request));
        Assert.False(ServiceLevels.OverdueAt(T0.AddHours(1)).Compile()(request));
    }

    [Theory]
    [InlineData(new double[] { }, null)]
    [InlineData(new double[] { 5 }, 5.0)]
    [InlineData(new double[] { 9, 1, 5 }, 5.0)]
    [InlineData(new double[] { 1, 2, 3, 10 }, 2.5)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values(double[] values, double? median) =>
        Assert.Equal(median, ServiceLevels.Median(values));

    [Fact]
    public void A_summary_counts_medians_and_the_share_that_missed_a_target()
    {
        var now = T0.AddDays(60);
        var summary = ServiceLevels.Summarize(
        [
            Sample(RequestStatus.Resolved, 2, 10), // on time
            Sample(RequestStatus.Resolved, 4, 40), // resolved late
            Sample(RequestStatus.Triaged, 60, null), // answered late, and past resolution
            Sample(RequestStatus.ProposedForPlan, 6, null, plan: true), // with the plan: no resolution clock
        ], now);

        Assert.Equal(4, summary.Count);
        Assert.Equal(5.0, summary.MedianHoursToFirstResponse); // 2, 4, 6, 60 → (4 + 6) / 2
        Assert.Equal(25 * 24.0, summary.MedianHoursToResolution); // 10 and 40 days
        Assert.Equal(0.5, summary.OverdueShare);
    }

    [Fact]
    public void An_empty_group_has_no_medians() => Assert.Equal(new ServiceLevelSummary(0, null, null, 0), ServiceLevels.Summarize([], T0));
}

public sealed class DuplicateHintTests
{
    private static readonly GeoPoint Here = new(16.4810, 99.5500);

    [Fact]
    public void Points_within_100_metres_are_hints_nearest_first_and_farther_ones_are_not()
    {
        // 0.0005° of latitude ≈ 56 m; 0.0008° ≈ 89 m; 0.0010° ≈ 111 m.
        var hints = DuplicateHints.Within(Here,
        [
            ("89 m", new GeoPoint(16.4818, 99.5500)),
            ("111 m", new GeoPoint(16.4820, 99.5500)),
            ("56 m", new GeoPoint(16.4805, 99.5500)),
        ]);
        Assert.Equal(["56 m", "89 m"], hints.Select(h => h.Item));
    }

    [Fact]
    public void The_bounding_box_holds_every_point_within_the_radius()
    {
        var (minLat, maxLat, minLon, maxLon) = DuplicateHints.BoundingBox(Here, 100);
        foreach (var bearing in Enumerable.Range(0, 36).Select(i => i * 10 * Math.PI / 180))
        {
            // A point 99.9 m away in each direction.
            var lat = Here.Latitude + 99.9 * Math.Cos(bearing) / 111_320;
            var lon = Here.Longitude + 99.9 * Math.Sin(bearing) / (111_320 * Math.Cos(Here.Latitude * Math.PI / 180));
            Assert.InRange(DuplicateHints.DistanceMetres(Here, new GeoPoint(lat, lon)), 99, 100.5);
            Assert.InRange(lat, minLat, maxLat);
            Assert.InRange(lon, minLon, maxLon);
        }
    }

    [Fact]
    public void The_nearest_active_community_is_taken_for_a_point()
    {
        var near = new Community(Guid.NewGuid(), "A", "ก", null, "active", 16.4811, 99.5501, null, DateTimeOffset.UnixEpoch);
        var nearerButDissolved = new Community(Guid.NewGuid(), "B", "ข", null, "dissolved", 16.4810, 99.5500, null, DateTimeOffset.UnixEpoch);
        var far = new Community(Guid.NewGuid(), "C", "ค", null, "active", 16.4700, 99.5300, null, DateTimeOffset.UnixEpoch);
        Assert.Same(near, Community.NearestTo(Here, [far, nearerButDissolved, near]));
    }

    [Fact]
    public void An_older_registry_event_does_not_overwrite_a_newer_state()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var community = new Community(Guid.NewGuid(), "A", "ชื่อใหม่", null, "merged", null, null, Guid.NewGuid(), t);
        Assert.False(community.Update("A", "ชื่อเก่า", null, "active", null, null, null, t.AddDays(-1)));
        Assert.Equal("ชื่อใหม่", community.NameTh);
        Assert.False(community.IsActive);
    }
}
