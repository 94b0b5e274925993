using Municipal.Requests.Domain;
using Municipal.ServiceDefaults.Problems;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Tests.Domain;

/// <summary>The submission rules, without a web host or a database.</summary>
public sealed class RequestSubmissionTests
{
    private static readonly RequestCategory Drainage = RequestCategories.Defaults.Single(c => c.Code == "drainage");

    private static RequestSubmission Valid() => new()
    {
        CommunityId = Guid.NewGuid(),
        Category = "drainage",
        Title = "ท่อระบายน้ำอุดตัน",
        Description = "น้ำท่วมขังหน้าบ้านทุกครั้งที่ฝนตก",
        Location = new GeoPoint(16.4810, 99.5500),
    };

    [Fact]
    public void A_complete_submission_inside_the_municipality_is_valid() => Assert.Empty(Valid().Validate());

    [Theory]
    [InlineData("communityId")]
    [InlineData("category")]
    [InlineData("title")]
    [InlineData("description")]
    public void A_missing_required_field_is_named(string field)
    {
        var submission = field switch
        {
            "communityId" => Valid() with { CommunityId = Guid.Empty },
            "category" => Valid() with { Category = "" },
            "title" => Valid() with { Title = "  " },
            _ => Valid() with { Description = "" },
        };

        Assert.Contains(field, submission.Validate().Keys);
    }

    [Fact]
    public void An_unknown_category_is_refused_with_the_known_ones_listed()
    {
        var errors = (Valid() with { Category = "volcano" }).Validate();
        var error = errors["category"].Single();
        Assert.Equal(FieldErrorCodes.NotOneOf, error.Code);
        Assert.Contains("drainage", (IEnumerable<string>)error.Args["allowed"]!);
        Assert.Contains("drainage", error.Message);
    }

    [Fact]
    public void A_description_over_4000_characters_is_refused_and_4000_is_taken()
    {
        Assert.Contains("description", (Valid() with { Description = new string('ก', 4001) }).Validate().Keys);
        Assert.Empty((Valid() with { Description = new string('ก', 4000) }).Validate());
    }

    [Theory]
    [InlineData(99.5489, 16.4803)] // latitude and longitude swapped
    [InlineData(13.7563, 100.5018)] // Bangkok
    [InlineData(0, 0)]
    public void A_location_outside_the_municipality_is_refused(double latitude, double longitude) =>
        Assert.Contains("location", (Valid() with { Location = new GeoPoint(latitude, longitude) }).Validate().Keys);

    [Fact]
    public void A_phoned_in_request_needs_the_callers_name_and_a_thai_phone_number()
    {
        var errors = (Valid() with { Channel = "phone", Submitter = new ContactSubmission { Name = "", Phone = "12345" } }).Validate();
        Assert.Contains("submitter.name", errors.Keys);
        Assert.Contains("submitter.phone", errors.Keys);

        var ok = Valid() with { Channel = "phone", Submitter = new ContactSubmission { Name = "นางสมศรี มีสุข", Phone = "081-234-5678" } };
        Assert.Empty(ok.Validate());
        Assert.Equal("+66812345678", ok.PhoneSubmitter().Phone);
    }

    [Fact]
    public void Only_a_phoned_in_request_names_a_submitter_and_meeting_or_open311_are_not_channels_to_claim()
    {
        Assert.Contains("submitter", (Valid() with { Submitter = new ContactSubmission { Name = "x", Phone = "0812345678" } }).Validate().Keys);
        Assert.Contains("channel", (Valid() with { Channel = "meeting" }).Validate().Keys);
        Assert.Contains("channel", (Valid() with { Channel = "open311" }).Validate().Keys);
    }

    [Fact]
    public void A_request_number_names_the_thai_fiscal_year()
    {
        // 1 Oct 2019 belongs to fiscal year B.E. 2563; 30 Sep 2020 too.
        var first = ServiceRequest.Submit(Valid(), Drainage, RequestChannel.Web, new Submitter("s"), new DateTimeOffset(2019, 10, 1, 0, 0, 0, TimeSpan.FromHours(7)));
        var last = ServiceRequest.Submit(Valid(), Drainage, RequestChannel.Web, new Submitter("s"), new DateTimeOffset(2020, 9, 30, 23, 0, 0, TimeSpan.FromHours(7)));
        Assert.StartsWith("R2563-", first.Number);
        Assert.StartsWith("R2563-", last.Number);
        Assert.Equal(2563, first.FiscalYear);
        Assert.Equal(RequestStatus.Submitted, first.Status);
    }

    [Fact]
    public void A_new_request_is_routed_to_its_categorys_division_with_due_dates_from_its_category()
    {
        var now = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var request = ServiceRequest.Submit(Valid(), Drainage, RequestChannel.Web, new Submitter("s"), now);

        Assert.Equal("public-works", request.DivisionCode);
        Assert.Equal(now.AddHours(Drainage.FirstResponseHours), request.FirstResponseDueAt);
        Assert.Equal(now.AddDays(Drainage.ResolutionDays), request.ResolutionDueAt);
        var entry = Assert.Single(request.History);
        Assert.Null(entry.From);
        Assert.Equal(RequestStatus.Submitted, entry.To);
    }

    [Fact]
    public void The_eight_categories_each_have_thai_and_english_names_and_a_division_of_the_shared_vocabulary()
    {
        var divisions = Division.Vocabulary.Select(d => d.Code).ToHashSet();
        Assert.Equal(["road", "drainage", "tree", "lighting", "waste", "flooding", "water", "other"], RequestCategories.Defaults.Select(c => c.Code));
        Assert.All(RequestCategories.Defaults, c =>
        {
            Assert.Contains(c.DivisionCode, divisions);
            Assert.Matches("[ก-๙]", c.NameTh);
            Assert.False(string.IsNullOrWhiteSpace(c.NameEn));
            Assert.True(c.FirstResponseHours > 0 && c.ResolutionDays > 0);
        });
        Assert.Equal("water-supply", RequestCategories.Defaults.Single(c => c.Code == "water").DivisionCode);
        Assert.Equal("public-health", RequestCategories.Defaults.Single(c => c.Code == "tree").DivisionCode);
        Assert.Equal("clerk-office", RequestCategories.Defaults.Single(c => c.Code == "other").DivisionCode);
    }
}
