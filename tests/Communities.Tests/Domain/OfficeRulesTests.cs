using Municipal.Communities.Domain;
using Municipal.Contracts;
using Municipal.ServiceDefaults.Problems;
using Municipal.ThaiCalendar;

namespace Municipal.Communities.Tests.Domain;

public sealed class OfficeRulesTests
{
    private static readonly DateTimeOffset Now = new(2019, 11, 19, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly Guid CommunityA = Guid.NewGuid();
    private static readonly Guid CommunityB = Guid.NewGuid();
    private static readonly Guid Division = Guid.NewGuid();

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static Office Term(Guid person, string role, Guid? community, string start, string? end = null, Guid? division = null) =>
        Office.Assign(new OfficeProposal(person, role, community, division, D(start), end is null ? null : D(end)), Now);

    [Fact]
    public void A_second_president_overlapping_the_first_clashes_and_the_clash_names_the_first()
    {
        var first = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01");
        var second = new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, null, D("2020-01-01"), null);

        Assert.Same(first, Seats.FindClash([first], second));
    }

    [Fact]
    public void Terms_touching_on_the_same_day_overlap_because_the_end_date_is_the_last_day_in_office()
    {
        var first = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2016-10-01", "2019-09-30");

        Assert.NotNull(Seats.FindClash([first], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, null, D("2019-09-30"), null)));
        Assert.Null(Seats.FindClash([first], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, null, D("2019-10-01"), null)));
    }

    [Fact]
    public void A_successor_before_an_open_ended_term_clashes_but_one_ending_before_it_starts_does_not()
    {
        var current = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01");

        Assert.Null(Seats.FindClash([current], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, null, D("2015-01-01"), D("2019-09-30"))));
        Assert.NotNull(Seats.FindClash([current], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, null, D("2015-01-01"), null)));
    }

    [Fact]
    public void Presidents_of_different_communities_do_not_clash()
    {
        var a = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01");
        Assert.Null(Seats.FindClash([a], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.President, CommunityB, null, D("2019-10-01"), null)));
    }

    [Fact]
    public void Many_committee_members_serve_at_once_but_one_person_holds_a_seat_once_at_a_time()
    {
        var person = Guid.NewGuid();
        var member = Term(person, OfficeRoleCodes.CommitteeMember, CommunityA, "2019-10-01");

        Assert.Null(Seats.FindClash([member], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.CommitteeMember, CommunityA, null, D("2019-10-01"), null)));
        Assert.Same(member, Seats.FindClash([member], new OfficeProposal(person, OfficeRoleCodes.CommitteeMember, CommunityA, null, D("2020-01-01"), null)));
    }

    [Theory]
    [InlineData(OfficeRoleCodes.Mayor, true)]
    [InlineData(OfficeRoleCodes.MunicipalClerk, true)]
    [InlineData(OfficeRoleCodes.DeputyMayor, false)]
    [InlineData(OfficeRoleCodes.CouncilMember, false)]
    public void The_mayor_and_the_clerk_are_single_seats_of_the_municipality(string role, bool clashes)
    {
        var first = Term(Guid.NewGuid(), role, null, "2019-01-01");
        var second = new OfficeProposal(Guid.NewGuid(), role, null, null, D("2019-06-01"), null);
        Assert.Equal(clashes, Seats.FindClash([first], second) is not null);
    }

    [Fact]
    public void A_division_has_one_head_at_a_time_and_other_divisions_are_other_seats()
    {
        var head = Term(Guid.NewGuid(), OfficeRoleCodes.DivisionHead, null, "2019-01-01", division: Division);
        Assert.NotNull(Seats.FindClash([head], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.DivisionHead, null, Division, D("2019-06-01"), null)));
        Assert.Null(Seats.FindClash([head], new OfficeProposal(Guid.NewGuid(), OfficeRoleCodes.DivisionHead, null, Guid.NewGuid(), D("2019-06-01"), null)));
    }

    [Fact]
    public void Community_roles_need_a_community_a_division_head_a_division_and_municipal_roles_neither()
    {
        Assert.Contains("communityId", OfficeProposal.Validate(OfficeRoleCodes.President, null, null, D("2019-01-01"), null).Keys);
        Assert.Contains("divisionId", OfficeProposal.Validate(OfficeRoleCodes.President, CommunityA, Division, D("2019-01-01"), null).Keys);
        Assert.Contains("divisionId", OfficeProposal.Validate(OfficeRoleCodes.DivisionHead, null, null, D("2019-01-01"), null).Keys);
        Assert.Contains("communityId", OfficeProposal.Validate(OfficeRoleCodes.DivisionHead, CommunityA, Division, D("2019-01-01"), null).Keys);
        Assert.Contains("communityId", OfficeProposal.Validate(OfficeRoleCodes.Mayor, CommunityA, null, D("2019-01-01"), null).Keys);
        Assert.Empty(OfficeProposal.Validate(OfficeRoleCodes.Mayor, null, null, D("2019-01-01"), null));
        Assert.Empty(OfficeProposal.Validate(OfficeRoleCodes.DivisionHead, null, Division, D("2019-01-01"), D("2023-09-30")));
    }

    [Fact]
    public void Unknown_roles_missing_starts_reversed_dates_and_buddhist_era_years_are_refused()
    {
        Assert.Contains("role", OfficeProposal.Validate("chief", CommunityA, null, D("2019-01-01"), null).Keys);
        Assert.Contains("startDate", OfficeProposal.Validate(OfficeRoleCodes.President, CommunityA, null, null, null).Keys);
        Assert.Contains("endDate", OfficeProposal.Validate(OfficeRoleCodes.President, CommunityA, null, D("2019-01-01"), D("2018-12-31")).Keys);
        var buddhist = OfficeProposal.Validate(OfficeRoleCodes.President, CommunityA, null, D("2562-11-19"), null);
        var wrongCalendar = buddhist["startDate"].Single();
        Assert.Contains("2019", wrongCalendar.Message);
        Assert.Equal(FieldErrorCodes.WrongCalendar, wrongCalendar.Code);
        Assert.Equal(FieldCalendars.CommonEra, wrongCalendar.Args["expected"]);
        Assert.Equal(2019, wrongCalendar.Args["suggested"]);
    }

    [Fact]
    public void A_term_is_ended_or_ended_earlier_but_never_extended_reopened_or_ended_before_it_began()
    {
        var term = Term(Guid.NewGuid(), OfficeRoleCodes.Secretary, CommunityA, "2019-10-01");
        var version = term.Version;

        Assert.Equal(EndOutcome.BeforeStart, term.End(D("2019-09-30"), Now));
        Assert.Equal(EndOutcome.Ended, term.End(D("2023-09-30"), Now));
        Assert.Equal(D("2023-09-30"), term.EndDate);
        Assert.Equal(version + 1, term.Version);
        Assert.Equal(EndOutcome.Unchanged, term.End(D("2023-09-30"), Now));
        Assert.Equal(EndOutcome.WouldExtend, term.End(D("2024-09-30"), Now));
        Assert.Equal(EndOutcome.Ended, term.End(D("2022-12-31"), Now));
        Assert.Equal(D("2022-12-31"), term.EndDate);
    }

    [Fact]
    public void A_term_is_held_from_its_first_to_its_last_day()
    {
        var term = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01", "2023-09-30");
        Assert.False(term.IsHeldOn(D("2019-09-30")));
        Assert.True(term.IsHeldOn(D("2019-10-01")));
        Assert.True(term.IsHeldOn(D("2019-11-19")));
        Assert.True(term.IsHeldOn(D("2023-09-30")));
        Assert.False(term.IsHeldOn(D("2023-10-01")));
    }

    [Fact]
    public void An_open_ended_term_is_held_from_its_first_day_on()
    {
        var term = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01");
        Assert.False(term.IsHeldOn(D("2019-09-30")));
        Assert.True(term.IsHeldOn(D("2019-10-01")));
        Assert.True(term.IsHeldOn(D("2040-01-01")));
    }

    [Fact]
    public void A_term_not_yet_begun_is_coming_and_one_past_its_last_day_is_over()
    {
        var term = Term(Guid.NewGuid(), OfficeRoleCodes.Secretary, CommunityA, "2019-10-01", "2023-09-30");
        Assert.True(term.IsCurrentOrComingOn(D("2019-01-01")));
        Assert.False(term.IsHeldOn(D("2019-01-01")));
        Assert.True(term.IsCurrentOrComingOn(D("2023-09-30")));
        Assert.False(term.IsCurrentOrComingOn(D("2023-10-01")));
        Assert.True(Term(Guid.NewGuid(), OfficeRoleCodes.Secretary, CommunityA, "2019-10-01").IsCurrentOrComingOn(D("2040-01-01")));
    }

    [Theory]
    [InlineData("2019-09-30")]
    [InlineData("2019-10-01")]
    [InlineData("2021-06-30")]
    [InlineData("2023-09-30")]
    [InlineData("2023-10-01")]
    public void The_query_forms_keep_exactly_the_terms_the_rules_keep(string day)
    {
        var terms = new[]
        {
            Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2019-10-01", "2023-09-30"),
            Term(Guid.NewGuid(), OfficeRoleCodes.Treasurer, CommunityA, "2019-10-01"),
            Term(Guid.NewGuid(), OfficeRoleCodes.Secretary, CommunityA, "2021-07-01", "2021-12-31"),
            Term(Guid.NewGuid(), OfficeRoleCodes.Mayor, null, "2015-01-01", "2019-09-30"),
        };

        Assert.Equal(terms.Where(t => t.IsHeldOn(D(day))), terms.AsQueryable().Where(Office.HeldOn(D(day))));
        Assert.Equal(terms.Where(t => t.IsCurrentOrComingOn(D(day))), terms.AsQueryable().Where(Office.CurrentOrComingOn(D(day))));
    }

    [Theory]
    [InlineData("2019-12-19", true)] // 30 days ahead: the last day of the notice window
    [InlineData("2019-12-20", false)] // 31 days: not yet
    [InlineData("2019-11-19", true)] // today
    [InlineData("2019-11-18", false)] // already over
    public void A_term_ending_within_30_days_is_due_for_its_announcement(string end, bool due)
    {
        var term = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2016-01-01", end);
        Assert.Equal(due, term.IsTermEndingDue(D("2019-11-19")));
    }

    [Fact]
    public void An_open_ended_term_is_never_due_and_an_announced_one_is_not_due_again()
    {
        Assert.False(Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2016-01-01").IsTermEndingDue(D("2019-11-19")));

        var term = Term(Guid.NewGuid(), OfficeRoleCodes.President, CommunityA, "2016-01-01", "2019-12-01");
        term.MarkTermEndingPublished(Now);
        Assert.False(term.IsTermEndingDue(D("2019-11-19")));
    }

    [Fact]
    public void Today_is_the_date_in_bangkok()
    {
        // 18:30 UTC on 18 Nov is 01:30 on 19 Nov in Bangkok.
        Assert.Equal(D("2019-11-19"), BangkokTime.DateOf(new DateTimeOffset(2019, 11, 18, 18, 30, 0, TimeSpan.Zero)));
        Assert.Equal(D("2019-11-18"), BangkokTime.DateOf(new DateTimeOffset(2019, 11, 18, 16, 59, 0, TimeSpan.Zero)));
    }
}
