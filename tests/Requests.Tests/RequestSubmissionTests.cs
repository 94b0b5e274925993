using Municipal.Requests.Domain;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Tests;

/// <summary>The submission rules, without a web host or a database.</summary>
public sealed class RequestSubmissionTests
{
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
        Assert.Contains("drainage", errors["category"].Single());
    }

    [Fact]
    public void A_description_over_4000_characters_is_refused() =>
        Assert.Contains("description", (Valid() with { Description = new string('ก', 4001) }).Validate().Keys);

    [Theory]
    [InlineData(99.5489, 16.4803)] // latitude and longitude swapped
    [InlineData(13.7563, 100.5018)] // Bangkok
    [InlineData(0, 0)]
    public void A_location_outside_the_municipality_is_refused(double latitude, double longitude) =>
        Assert.Contains("location", (Valid() with { Location = new GeoPoint(latitude, longitude) }).Validate().Keys);

    [Fact]
    public void A_request_number_names_the_thai_fiscal_year()
    {
        // 1 Oct 2019 belongs to fiscal year B.E. 2563; 30 Sep 2020 too.
        var first = ServiceRequest.Submit(Valid(), RequestChannel.Web, "s", new DateTimeOffset(2019, 10, 1, 0, 0, 0, TimeSpan.FromHours(7)));
        var last = ServiceRequest.Submit(Valid(), RequestChannel.Web, "s", new DateTimeOffset(2020, 9, 30, 23, 0, 0, TimeSpan.FromHours(7)));
        Assert.StartsWith("R2563-", first.Number);
        Assert.StartsWith("R2563-", last.Number);
        Assert.Equal(RequestStatus.Submitted, first.Status);
    }
}
