using Municipal.Communities.Domain;

namespace Municipal.Communities.Tests.Domain;

public sealed class CommunityInputTests
{
    private static readonly CommunityInput Valid = new()
    {
        Code = "kpp-28",
        NameTh = "ชุมชนบ้านใหม่",
        Zone = "2",
        Households = 120,
        Population = 400,
        Latitude = 16.4810,
        Longitude = 99.5500,
    };

    [Fact]
    public void A_valid_community_has_its_code_upper_cased_and_is_active()
    {
        Assert.Empty(Valid.Validate(out var details));
        Assert.Equal("KPP-28", details!.Code);
        Assert.Equal(CommunityStatus.Active, details.Status);
        Assert.Equal("ชุมชนบ้านใหม่", details.NameTh);
    }

    [Theory]
    [InlineData(13.7563, 100.5018)] // Bangkok
    [InlineData(99.5489, 16.4803)] // latitude and longitude swapped
    [InlineData(16.5803, 99.5489)] // a mistyped digit, 11 km north
    public void A_location_far_outside_the_municipality_is_refused(double latitude, double longitude)
    {
        var errors = (Valid with { Latitude = latitude, Longitude = longitude }).Validate(out _);
        Assert.Contains("location", errors.Keys);
    }

    [Fact]
    public void Half_a_location_is_refused()
    {
        Assert.Contains("location", (Valid with { Longitude = null }).Validate(out _).Keys);
    }

    [Fact]
    public void A_merged_community_names_its_new_community_and_the_date()
    {
        Assert.Contains("mergedInto", (Valid with { Status = "merged", StatusDate = new DateOnly(2020, 1, 1) }).Validate(out _).Keys);
        Assert.Contains("statusDate", (Valid with { Status = "merged", MergedInto = Guid.NewGuid() }).Validate(out _).Keys);
        Assert.Contains("mergedInto", (Valid with { MergedInto = Guid.NewGuid() }).Validate(out _).Keys);
        Assert.Empty((Valid with { Status = "merged", MergedInto = Guid.NewGuid(), StatusDate = new DateOnly(2020, 1, 1) }).Validate(out _));
    }

    [Fact]
    public void A_dissolved_community_gives_the_date_and_unknown_statuses_are_refused()
    {
        Assert.Contains("statusDate", (Valid with { Status = "dissolved" }).Validate(out _).Keys);
        Assert.Empty((Valid with { Status = "dissolved", StatusDate = new DateOnly(2021, 3, 1) }).Validate(out _));
        Assert.Contains("status", (Valid with { Status = "sleeping" }).Validate(out _).Keys);
        Assert.Contains("status", (Valid with { Status = "1" }).Validate(out _).Keys);
    }

    [Theory]
    [InlineData("code", "")]
    [InlineData("code", "KPP 01")]
    [InlineData("nameTh", "")]
    [InlineData("households", "-1")]
    [InlineData("population", "-5")]
    public void Each_bad_field_is_named(string field, string value)
    {
        var input = field switch
        {
            "code" => Valid with { Code = value },
            "nameTh" => Valid with { NameTh = value },
            "households" => Valid with { Households = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => Valid with { Population = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };
        Assert.Equal([field], input.Validate(out _).Keys);
    }

    [Fact]
    public void An_update_raises_the_version_only_when_something_changed_and_never_merges_into_itself()
    {
        Valid.Validate(out var details);
        var community = Community.Register(details!, DateTimeOffset.UnixEpoch);
        Assert.False(community.Update(details!));
        Assert.Equal(1, community.Version);
        Assert.True(community.Update(details! with { Zone = "3" }));
        Assert.Equal(2, community.Version);
        Assert.Throws<ArgumentException>(() => community.Update(details! with
        {
            Status = CommunityStatus.Merged, MergedInto = community.Id, StatusDate = new DateOnly(2020, 1, 1),
        }));
    }
}
