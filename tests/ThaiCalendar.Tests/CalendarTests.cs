using Microsoft.Extensions.Time.Testing;

namespace Municipal.ThaiCalendar.Tests;

public sealed class FiscalYearTests
{
    [Fact]
    public void Fiscal_year_2563_runs_from_1_October_2019_to_30_September_2020()
    {
        var year = new FiscalYear(2563);
        Assert.Equal(new DateOnly(2019, 10, 1), year.FirstDay);
        Assert.Equal(new DateOnly(2020, 9, 30), year.LastDay);
        Assert.Equal(2020, year.EndingYearCe);
    }

    [Theory]
    [InlineData(2019, 9, 30, 2562)]
    [InlineData(2019, 10, 1, 2563)]
    [InlineData(2020, 9, 30, 2563)]
    [InlineData(2020, 10, 1, 2564)]
    public void A_date_falls_in_the_fiscal_year_that_ends_the_next_30_September(int y, int m, int d, int expected) =>
        Assert.Equal(expected, FiscalYear.Containing(new DateOnly(y, m, d)).BuddhistEra);

    [Fact]
    public void An_instant_belongs_to_the_fiscal_year_of_its_Bangkok_date()
    {
        // 30 Sep 2020 18:00 UTC is already 1 Oct 2020 01:00 in Bangkok: the next fiscal year.
        var instant = new DateTimeOffset(2020, 9, 30, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(2564, FiscalYear.Of(instant).BuddhistEra);
        Assert.True(new FiscalYear(2564).Contains(instant));
        Assert.False(new FiscalYear(2563).Contains(instant));
    }

    [Fact]
    public void The_range_of_a_fiscal_year_starts_at_Bangkok_midnight()
    {
        var year = new FiscalYear(2563);
        Assert.Equal(new DateTimeOffset(2019, 9, 30, 17, 0, 0, TimeSpan.Zero), year.Start);
        Assert.Equal(new DateTimeOffset(2020, 9, 30, 17, 0, 0, TimeSpan.Zero), year.End);
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2499)]
    [InlineData(2701)]
    public void A_year_outside_the_Buddhist_Era_range_is_not_a_fiscal_year(int year)
    {
        Assert.False(FiscalYear.IsValid(year));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(year));
    }

    [Fact]
    public void Labels_name_the_year_in_Thai_and_in_English()
    {
        Assert.Equal("ปีงบประมาณ 2563", new FiscalYear(2563).LabelTh);
        Assert.Equal("Fiscal year 2563 B.E. (1 Oct 2019 – 30 Sep 2020)", new FiscalYear(2563).LabelEn);
    }
}

public sealed class BuddhistEraTests
{
    [Fact]
    public void The_Buddhist_Era_is_543_years_ahead_of_the_Common_Era()
    {
        Assert.Equal(2569, BuddhistEra.FromCommonEra(2026));
        Assert.Equal(2026, BuddhistEra.ToCommonEra(2569));
    }

    [Fact]
    public void A_Common_Era_year_given_for_a_Buddhist_one_is_named_with_the_year_to_give()
    {
        var problem = BuddhistEra.ProblemWithYear(2026);
        Assert.NotNull(problem);
        Assert.Contains("2569", problem);
        Assert.Null(BuddhistEra.ProblemWithYear(2569));
    }

    [Fact]
    public void An_ISO_date_with_a_Buddhist_year_is_named_with_the_Common_Era_year()
    {
        var problem = BuddhistEra.ProblemWithIsoDate(new DateOnly(2567, 6, 1));
        Assert.NotNull(problem);
        Assert.Contains("2024", problem);
        Assert.Null(BuddhistEra.ProblemWithIsoDate(new DateOnly(2024, 6, 1)));
    }

    [Fact]
    public void Thai_dates_are_written_with_Buddhist_years_and_Thai_month_names()
    {
        Assert.Equal("1 ตุลาคม 2568", BuddhistEra.LongDate(new DateOnly(2025, 10, 1)));
        Assert.Equal("1 ต.ค. 2568", BuddhistEra.ShortDate(new DateOnly(2025, 10, 1)));
        Assert.Equal("19 พ.ย. 2562 09:00", BuddhistEra.ShortDateTime(new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero)));
    }
}

public sealed class BangkokTimeTests
{
    [Fact]
    public void Bangkok_is_seven_hours_ahead_of_UTC_all_year()
    {
        var winter = new DateTimeOffset(2026, 1, 15, 20, 0, 0, TimeSpan.Zero);
        var summer = new DateTimeOffset(2026, 7, 15, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(7), BangkokTime.ToLocal(winter).Offset);
        Assert.Equal(3, BangkokTime.ToLocal(summer).Hour);
        Assert.Equal(new DateOnly(2026, 7, 16), BangkokTime.DateOf(summer));
    }

    [Fact]
    public void Today_is_the_Bangkok_date_of_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 17, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 12, 4), BangkokTime.Today(clock));
    }

    [Theory]
    [InlineData("2019-11-19T09:00", "2019-11-19T02:00:00+00:00")]
    [InlineData("2019-11-19T02:00:00Z", "2019-11-19T02:00:00+00:00")]
    [InlineData("2019-11-19T09:00:00+07:00", "2019-11-19T02:00:00+00:00")]
    public void A_time_without_an_offset_is_Bangkok_wall_clock_time(string text, string expected)
    {
        Assert.True(BangkokTime.TryParse(text, out var utc));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
    }

    [Fact]
    public void Instants_are_written_in_Bangkok_time_with_their_offset() =>
        Assert.Equal("2026-11-20T09:30:00+07:00", BangkokTime.Iso(new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero)));
}
