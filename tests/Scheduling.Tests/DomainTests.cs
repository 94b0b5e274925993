using Municipal.Contracts;
using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling.Tests;

/// <summary>The scheduling rules, without a web host or a database.</summary>
public sealed class DomainTests
{
    private static readonly DateTimeOffset Start = BangkokTime.FromLocal(new DateTime(2019, 11, 19, 9, 0, 0));

    [Fact]
    public void Bangkok_wall_clock_input_is_stored_as_the_utc_instant_seven_hours_earlier()
    {
        Assert.True(BangkokTime.TryParse("2019-11-19T09:00", out var local));
        Assert.Equal(new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero), local);
        Assert.True(BangkokTime.TryParse("2019-11-19T02:00:00Z", out var utc));
        Assert.Equal(local, utc);
        Assert.True(BangkokTime.TryParse("2019-11-19T10:00:00+08:00", out var withOffset));
        Assert.Equal(local, withOffset);
        Assert.False(BangkokTime.TryParse("19/11/2562 9 โมง", out _));
        Assert.False(BangkokTime.TryParse(null, out _));
    }

    [Fact]
    public void Thai_dates_are_shown_in_the_buddhist_era_and_english_ones_in_the_common_era()
    {
        var end = BangkokTime.FromLocal(new DateTime(2019, 11, 19, 16, 0, 0));
        Assert.Equal("วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00–16:00 น.", Languages.FormatWhen(Start, end, Language.Th));
        Assert.Equal("Tuesday 19 November 2019, 09:00–16:00 (Bangkok time)", Languages.FormatWhen(Start, end, Language.En));
    }

    [Theory]
    [InlineData("th", null, Language.Th)]
    [InlineData("en", "th", Language.En)]
    [InlineData(null, "en-US,en;q=0.9", Language.En)]
    [InlineData(null, "fr-FR, th;q=0.8, en;q=0.5", Language.Th)]
    [InlineData(null, "en;q=0.4, th;q=0.9", Language.Th)]
    [InlineData(null, null, Language.Th)]
    [InlineData("xx", "de", Language.Th)]
    public void The_language_comes_from_lang_then_accept_language_then_thai(string? lang, string? header, Language expected) =>
        Assert.Equal(expected, Languages.Resolve(lang, header));

    [Fact]
    public void Fiscal_year_2563_runs_from_1_october_2019_to_30_september_2020()
    {
        var year = new FiscalYear(2563);
        Assert.Equal(new DateOnly(2019, 10, 1), year.FirstDay);
        Assert.Equal(new DateOnly(2020, 9, 30), year.LastDay);
        Assert.Equal(2563, FiscalYear.Containing(new DateOnly(2019, 10, 1)).BuddhistEra);
        Assert.Equal(2562, FiscalYear.Containing(new DateOnly(2019, 9, 30)).BuddhistEra);
        Assert.Equal("ปีงบประมาณ 2563", year.Label(Language.Th));
    }

    [Fact]
    public void The_founding_template_gives_six_sessions_on_the_third_tuesdays_of_fy_2563_from_19_november_2019()
    {
        var venue = Guid.NewGuid();
        var sessions = ProgrammeTemplate.Sessions(new FiscalYear(2563), venue, 100);

        var days = sessions.Select(s => BangkokTime.DateOf(s.StartsAt)).ToList();
        Assert.Equal(
            [new(2019, 11, 19), new(2020, 1, 21), new(2020, 3, 17), new(2020, 5, 19), new(2020, 7, 21), new(2020, 9, 15)],
            days);
        Assert.All(sessions, s =>
        {
            Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(BangkokTime.ToLocal(s.StartsAt).DateTime));
            Assert.Equal(100, s.Capacity);
            Assert.Equal(venue, s.VenueId);
            Assert.Empty(s.Validate(100, new FiscalYear(2563)));
        });
        Assert.Contains(OfficeRoleCodes.President, ProgrammeTemplate.Programme(new FiscalYear(2563)).TargetRoles);
    }

    private static SessionDraft Draft(int capacity = 100) => new()
    {
        Title = "ครั้งที่ 1",
        StartsAt = Start,
        EndsAt = Start.AddHours(7),
        VenueId = Guid.NewGuid(),
        Capacity = capacity,
    };

    [Fact]
    public void A_session_may_not_offer_more_seats_than_its_venue_holds()
    {
        Assert.Contains("capacity", Draft(101).Validate(100, new FiscalYear(2563)).Keys);
        Assert.Contains("capacity", Draft(0).Validate(100, new FiscalYear(2563)).Keys);
        Assert.Empty(Draft(100).Validate(100, new FiscalYear(2563)));
    }

    [Fact]
    public void A_session_ends_after_it_starts_and_falls_in_its_programmes_fiscal_year()
    {
        Assert.Contains("endsAt", (Draft() with { EndsAt = Start }).Validate(100, new FiscalYear(2563)).Keys);
        Assert.Contains("startsAt", Draft().Validate(100, new FiscalYear(2564)).Keys);
    }

    [Theory]
    [InlineData(9, 12, 11, 14, true)]
    [InlineData(9, 12, 12, 14, false)]
    [InlineData(9, 12, 8, 9, false)]
    [InlineData(9, 17, 10, 11, true)]
    public void Sessions_overlap_when_each_starts_before_the_other_ends(int aStart, int aEnd, int bStart, int bEnd, bool overlap)
    {
        DateTimeOffset At(int hour) => Start.Date.AddHours(hour);
        Assert.Equal(overlap, Session.Overlap(At(aStart), At(aEnd), At(bStart), At(bEnd)));
    }

    [Fact]
    public void Moving_or_retitling_raises_the_sequence_but_a_capacity_change_does_not()
    {
        var session = Session.Schedule(Guid.NewGuid(), 1, Draft(), Start.AddDays(-30));
        var capacityOnly = session.Update(Draft(50) with { VenueId = session.VenueId }, Start.AddDays(-20));
        Assert.True(capacityOnly.CapacityChanged);
        Assert.False(capacityOnly.Moved);
        Assert.Equal(0, session.Sequence);

        var moved = session.Update(Draft(50) with { VenueId = session.VenueId, StartsAt = Start.AddDays(1), EndsAt = Start.AddDays(1).AddHours(7) }, Start.AddDays(-10));
        Assert.True(moved.Moved);
        Assert.Equal(Start, moved.PreviousStartsAt);
        Assert.Equal(1, session.Sequence);

        session.Cancel("น้ำท่วม", Start.AddDays(-5));
        Assert.Equal(2, session.Sequence);
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.Throws<InvalidOperationException>(() => session.Cancel(null, Start));
    }

    [Fact]
    public void Seat_rules_give_a_seat_only_while_scheduled_and_not_full_and_order_the_waitlist_by_ticket()
    {
        var hasFreeSeat = SeatRules.HasFreeSeat.Compile();
        var isFull = SeatRules.IsFull.Compile();
        var session = Session.Schedule(Guid.NewGuid(), 1, Draft(1), Start.AddDays(-1));
        Assert.True(hasFreeSeat(session));
        Assert.False(isFull(session));

        Assert.Equal(1, SeatRules.WaitlistPosition(7, [9, 12]));
        Assert.Equal(3, SeatRules.WaitlistPosition(12, [3, 7, 12, 15]));
    }

    [Fact]
    public void A_person_gives_up_a_seat_only_before_the_cut_off_while_staff_may_until_the_start()
    {
        var policy = new CancellationPolicy(TimeSpan.FromHours(24));
        var early = Start.AddHours(-25);
        var late = Start.AddHours(-23);

        Assert.True(policy.Decide(RegistrationStatus.Confirmed, SessionStatus.Scheduled, Start, early, byStaff: false).Allowed);
        var refused = policy.Decide(RegistrationStatus.Confirmed, SessionStatus.Scheduled, Start, late, byStaff: false);
        Assert.False(refused.Allowed);
        Assert.Contains("24 hours", refused.Reason);
        Assert.True(policy.Decide(RegistrationStatus.Confirmed, SessionStatus.Scheduled, Start, late, byStaff: true).Allowed);
        Assert.True(policy.Decide(RegistrationStatus.Waitlisted, SessionStatus.Scheduled, Start, late, byStaff: false).Allowed);
        Assert.False(policy.Decide(RegistrationStatus.Confirmed, SessionStatus.Scheduled, Start, Start, byStaff: true).Allowed);
        Assert.False(policy.Decide(RegistrationStatus.Confirmed, SessionStatus.Cancelled, Start, early, byStaff: true).Allowed);
        Assert.True(policy.Decide(RegistrationStatus.Cancelled, SessionStatus.Scheduled, Start, early, byStaff: false).WasAlreadyCancelled);
    }

    private static readonly TimeSpan[] Offsets = [TimeSpan.FromHours(24), TimeSpan.FromHours(2)];

    [Fact]
    public void No_reminder_is_due_before_its_offset_and_none_after_the_start()
    {
        Assert.Null(ReminderPlan.Decide(Start, Start.AddHours(-25), Offsets, new HashSet<TimeSpan>()).Send);
        Assert.Null(ReminderPlan.Decide(Start, Start, Offsets, new HashSet<TimeSpan>()).Send);
    }

    [Fact]
    public void Each_offset_goes_out_once_in_turn()
    {
        Assert.Equal(TimeSpan.FromHours(24), ReminderPlan.Decide(Start, Start.AddHours(-24), Offsets, new HashSet<TimeSpan>()).Send);
        Assert.Null(ReminderPlan.Decide(Start, Start.AddHours(-3), Offsets, new HashSet<TimeSpan> { TimeSpan.FromHours(24) }).Send);
        Assert.Equal(TimeSpan.FromHours(2), ReminderPlan.Decide(Start, Start.AddHours(-2), Offsets, new HashSet<TimeSpan> { TimeSpan.FromHours(24) }).Send);
        var done = ReminderPlan.Decide(Start, Start.AddMinutes(-5), Offsets, new HashSet<TimeSpan> { TimeSpan.FromHours(24), TimeSpan.FromHours(2) });
        Assert.Null(done.Send);
        Assert.Empty(done.Supersede);
    }

    [Fact]
    public void When_several_offsets_are_due_at_once_only_the_closest_goes_out_and_the_rest_are_superseded()
    {
        var late = ReminderPlan.Decide(Start, Start.AddHours(-1), Offsets, new HashSet<TimeSpan>());
        Assert.Equal(TimeSpan.FromHours(2), late.Send);
        Assert.Equal([TimeSpan.FromHours(24)], late.Supersede);
    }

    [Fact]
    public void Short_codes_avoid_look_alike_characters_and_are_read_forgivingly()
    {
        Assert.DoesNotContain('0', ShortCode.Alphabet);
        Assert.DoesNotContain('O', ShortCode.Alphabet);
        Assert.DoesNotContain('1', ShortCode.Alphabet);
        Assert.DoesNotContain('I', ShortCode.Alphabet);
        Assert.DoesNotContain('L', ShortCode.Alphabet);
        var codes = Enumerable.Range(0, 2000).Select(_ => ShortCode.New()).ToList();
        Assert.All(codes, c => Assert.Equal(c, ShortCode.Normalize(c)));
        Assert.Equal(2000, codes.Distinct().Count());
        Assert.Equal("ABCD2345", ShortCode.Normalize(" abcd-2345 "));
        Assert.Null(ShortCode.Normalize("ABCD0345"));
        Assert.Null(ShortCode.Normalize("ABC"));
    }

    [Fact]
    public void A_persons_community_is_that_of_their_most_senior_current_community_office()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var today = new DateOnly(2020, 1, 1);
        var offices = new[]
        {
            new RegistryOffice { Id = Guid.NewGuid(), Role = OfficeRoleCodes.CommitteeMember, CommunityId = a, StartDate = new(2019, 1, 1) },
            new RegistryOffice { Id = Guid.NewGuid(), Role = OfficeRoleCodes.President, CommunityId = b, StartDate = new(2019, 1, 1) },
            new RegistryOffice { Id = Guid.NewGuid(), Role = OfficeRoleCodes.President, CommunityId = Guid.NewGuid(), StartDate = new(2017, 1, 1), EndDate = new(2018, 12, 31) },
        };
        Assert.Equal(b, RegistryOffice.CommunityOf(offices, today));
        Assert.Null(RegistryOffice.CommunityOf([], today));
    }

    [Theory]
    [InlineData("2019-12-31", false)]
    [InlineData("2020-01-01", true)]
    [InlineData("2020-06-30", true)]
    [InlineData("2020-12-31", true)]
    [InlineData("2021-01-01", false)]
    public void A_term_is_held_from_its_first_day_through_its_last(string date, bool held)
    {
        var term = new RegistryOffice { Role = OfficeRoleCodes.President, StartDate = new(2020, 1, 1), EndDate = new(2020, 12, 31) };
        Assert.Equal(held, term.IsHeldOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void An_open_ended_term_is_held_from_its_first_day_on()
    {
        var term = new RegistryOffice { Role = OfficeRoleCodes.Secretary, StartDate = new(2020, 1, 1) };
        Assert.False(term.IsHeldOn(new DateOnly(2019, 12, 31)));
        Assert.True(term.IsHeldOn(new DateOnly(2020, 1, 1)));
        Assert.True(term.IsHeldOn(new DateOnly(2040, 1, 1)));
    }

    [Fact]
    public void Offices_are_weighed_most_senior_community_office_first_and_every_wire_code_is_known()
    {
        Assert.True(OfficeSeniority.Of(OfficeRoleCodes.President) < OfficeSeniority.Of(OfficeRoleCodes.CommitteeMember));
        Assert.True(OfficeSeniority.Of(OfficeRoleCodes.CommitteeMember) < OfficeSeniority.Of(OfficeRoleCodes.Mayor));
        Assert.All(OfficeRoleCodes.Community.Concat(OfficeRoleCodes.Municipal), code => Assert.True(OfficeSeniority.IsKnown(code), code));
        Assert.False(OfficeSeniority.IsKnown("emperor"));
    }

    [Fact]
    public void A_raised_issue_needs_a_community_a_known_category_a_description_and_a_location_inside_the_municipality()
    {
        var valid = new IssueSubmission { CommunityId = Guid.NewGuid(), Category = "drainage", Description = "ท่ออุดตัน", Location = new GeoPoint(16.48, 99.55) };
        Assert.Empty(valid.Validate());
        Assert.Equal(["category", "communityId", "description"], new IssueSubmission().Validate().Keys.Order());
        Assert.Contains("location", (valid with { Location = new GeoPoint(13.75, 100.5) }).Validate().Keys);
    }

    [Fact]
    public void A_programme_names_known_offices_as_its_targets()
    {
        var draft = new ProgrammeDraft { FiscalYear = 2563, Title = "อบรม", TargetRoles = ["president"] };
        Assert.Empty(draft.Validate());
        Assert.Contains("targetRoles", (draft with { TargetRoles = ["emperor"] }).Validate().Keys);
        Assert.Contains("targetRoles", (draft with { TargetRoles = [] }).Validate().Keys);
        Assert.Contains("fiscalYear", (draft with { FiscalYear = 2020 }).Validate().Keys);
    }
}
