using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Tests;

/// <summary>The rules of delivery, without a database or a host.</summary>
public sealed class DomainTests
{
    private static DateTimeOffset Bangkok(int day, int hour, int minute = 0) =>
        new DateTimeOffset(2019, 11, day, hour, minute, 0, BangkokTime.Offset).ToUniversalTime();

    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(30);

    [Theory]
    [InlineData(20, 59, false)]
    [InlineData(21, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(3, 0, true)]
    [InlineData(6, 59, true)]
    [InlineData(7, 0, false)]
    [InlineData(12, 0, false)]
    public void Default_quiet_hours_run_from_21_to_07_Bangkok_across_midnight(int hour, int minute, bool quiet) =>
        Assert.Equal(quiet, QuietHours.Default.Contains(Bangkok(19, hour, minute)));

    [Fact]
    public void Quiet_hours_end_at_seven_the_next_morning_when_they_began_in_the_evening()
    {
        Assert.Equal(Bangkok(20, 7), QuietHours.Default.EndOf(Bangkok(19, 22)));
        Assert.Equal(Bangkok(20, 7), QuietHours.Default.EndOf(Bangkok(20, 3)));
        Assert.Equal(Bangkok(19, 12), QuietHours.Default.EndOf(Bangkok(19, 12)));
    }

    [Fact]
    public void Equal_start_and_end_mean_no_quiet_hours() =>
        Assert.False(new QuietHours(new TimeOnly(0, 0), new TimeOnly(0, 0)).Contains(Bangkok(19, 23)));

    [Theory]
    [InlineData(ChannelCodes.Line, true)]
    [InlineData(ChannelCodes.Sms, true)]
    [InlineData(ChannelCodes.Email, false)]
    [InlineData(ChannelCodes.InApp, false)]
    public void Quiet_hours_hold_line_and_sms_but_not_in_app_or_email(string channel, bool held)
    {
        var until = QuietHoursRule.HoldUntil(channel, QuietHours.Default, Bangkok(19, 22), null, Lead);
        Assert.Equal(held ? Bangkok(20, 7) : null, until);
    }

    [Fact]
    public void Outside_quiet_hours_nothing_waits() =>
        Assert.Null(QuietHoursRule.HoldUntil(ChannelCodes.Sms, QuietHours.Default, Bangkok(19, 10), null, Lead));

    [Fact]
    public void A_reminder_that_quiet_hours_would_make_late_goes_out_just_before_the_session_starts()
    {
        // Due at 04:00 for a session at 06:00: waiting until 07:00 would be too late.
        var until = QuietHoursRule.HoldUntil(ChannelCodes.Line, QuietHours.Default, Bangkok(20, 4), Bangkok(20, 6), Lead);
        Assert.Equal(Bangkok(20, 5, 30), until);
    }

    [Fact]
    public void A_reminder_whose_session_starts_after_quiet_hours_waits_for_their_end()
    {
        var until = QuietHoursRule.HoldUntil(ChannelCodes.Sms, QuietHours.Default, Bangkok(20, 5), Bangkok(20, 9), Lead);
        Assert.Equal(Bangkok(20, 7), until);
    }

    [Fact]
    public void A_reminder_already_inside_its_lead_time_goes_out_at_once() =>
        Assert.Null(QuietHoursRule.HoldUntil(ChannelCodes.Sms, QuietHours.Default, Bangkok(20, 5, 45), Bangkok(20, 6), Lead));

    [Fact]
    public void Retries_back_off_exponentially_up_to_a_cap_with_jitter_between_half_and_all()
    {
        var schedule = new RetrySchedule(6, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        Assert.InRange(schedule.DelayAfter(1, 0.999999999), TimeSpan.FromSeconds(29.9), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(15), schedule.DelayAfter(1, 0));
        Assert.InRange(schedule.DelayAfter(2, 0.999999999), TimeSpan.FromSeconds(59.9), TimeSpan.FromSeconds(60));
        Assert.InRange(schedule.DelayAfter(3, 0.999999999), TimeSpan.FromSeconds(119.9), TimeSpan.FromSeconds(120));
        Assert.InRange(schedule.DelayAfter(10, 0.999999999), TimeSpan.FromSeconds(299.9), TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromMinutes(2.5), schedule.DelayAfter(10, 0));
        var jittered = schedule.DelayAfter(2, 0.5);
        Assert.InRange(jittered, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
    }

    private static DeliveryDraft Draft(Recipient? recipient = null) => new(
        "registration-confirmed:1:1", "registration-confirmed", recipient ?? Recipient.ForSubject("s", null),
        new RenderedMessage("th", "t", "b", "<p>b</p>", "s"), "/x", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_transient_failure_is_tried_again_later_until_the_last_try_fails_it()
    {
        var schedule = new RetrySchedule(3, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
        var now = DateTimeOffset.UnixEpoch;
        var delivery = Delivery.Create(Draft(), ChannelCodes.Email, now);

        delivery.MarkAttemptFailed(now, "451 busy", permanent: false, schedule, 1);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(now.AddSeconds(10), delivery.NextAttemptAt);

        delivery.MarkAttemptFailed(now, "451 busy", permanent: false, schedule, 1);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        delivery.MarkAttemptFailed(now, "451 busy", permanent: false, schedule, 1);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal("451 busy", delivery.LastError);
    }

    [Fact]
    public void A_permanent_failure_fails_at_once_and_only_a_failed_delivery_can_be_retried()
    {
        var now = DateTimeOffset.UnixEpoch;
        var delivery = Delivery.Create(Draft(), ChannelCodes.Sms, now);
        Assert.False(delivery.Retry(now));

        delivery.MarkAttemptFailed(now, "refused", permanent: true, RetrySchedule.Default, 0);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);

        Assert.True(delivery.Retry(now.AddHours(1)));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(0, delivery.Attempts);
        Assert.Equal(now.AddHours(1), delivery.NextAttemptAt);
    }

    [Fact]
    public void Someone_with_a_sign_in_always_gets_the_inbox_plus_their_preferred_channel()
    {
        var recipient = Recipient.ForSubject("s", null) with { PreferredChannel = ChannelCodes.Email, Email = "a@b.th" };
        Assert.Equal([ChannelCodes.InApp, ChannelCodes.Email], ChannelPlan.For(recipient));
    }

    [Fact]
    public void A_preferred_channel_without_an_address_leaves_only_the_inbox()
    {
        var recipient = Recipient.ForSubject("s", null) with { PreferredChannel = ChannelCodes.Sms };
        Assert.Equal([ChannelCodes.InApp], ChannelPlan.For(recipient));
    }

    [Fact]
    public void Someone_without_a_sign_in_who_prefers_the_inbox_is_reached_by_another_channel()
    {
        var recipient = new Recipient { Key = "person:1", PreferredChannel = ChannelCodes.InApp, PhoneE164 = "+66812345678", LineUserId = "U1" };
        Assert.Equal([ChannelCodes.Line], ChannelPlan.For(recipient));
    }

    [Fact]
    public void Someone_who_cannot_be_reached_at_all_gets_no_channel() =>
        Assert.Empty(ChannelPlan.For(new Recipient { Key = "person:1", PreferredChannel = ChannelCodes.Email }));

    [Fact]
    public void A_shared_staff_inbox_is_in_app_only() =>
        Assert.Equal([ChannelCodes.InApp], ChannelPlan.For(Recipient.ForMailbox(SharedMailboxes.Division("public-works"))));

    [Fact]
    public void An_unconfigured_channel_falls_back_to_the_inbox_or_else_to_another_configured_channel()
    {
        var withInbox = Recipient.ForSubject("s", null) with { Email = "a@b.th" };
        Assert.Equal(ChannelCodes.InApp, ChannelPlan.FallbackFor(withInbox, ChannelCodes.Sms, _ => false));

        var noInbox = new Recipient { Key = "person:1", Email = "a@b.th", PhoneE164 = "+66812345678" };
        Assert.Equal(ChannelCodes.Email, ChannelPlan.FallbackFor(noInbox, ChannelCodes.Sms, c => c == ChannelCodes.Email));
        Assert.Null(ChannelPlan.FallbackFor(noInbox, ChannelCodes.Sms, _ => false));
    }

    private static PersonState State(string email, string channel = ChannelCodes.Email) =>
        new("sub-1", "นาง", "สมศรี", "มีสุข", null, email, null, null, channel, "th");

    [Fact]
    public void An_older_registry_event_never_overwrites_a_newer_state()
    {
        var person = Person.Create(Guid.NewGuid());
        Assert.True(person.Apply(State("new@x.th"), DateTimeOffset.UnixEpoch.AddHours(2)));
        Assert.False(person.Apply(State("old@x.th"), DateTimeOffset.UnixEpoch.AddHours(1)));
        Assert.Equal("new@x.th", person.Email);
        Assert.Equal("นางสมศรี มีสุข", person.DisplayName("th"));
    }

    [Fact]
    public void An_erased_person_keeps_nothing_and_later_events_cannot_bring_them_back()
    {
        var person = Person.Create(Guid.NewGuid());
        person.Apply(State("somsri@x.th"), DateTimeOffset.UnixEpoch);
        person.Erase(DateTimeOffset.UnixEpoch.AddHours(1));
        Assert.Null(person.Email);
        Assert.Null(person.Subject);
        Assert.Equal("", person.FirstNameTh);
        Assert.False(person.Apply(State("somsri@x.th"), DateTimeOffset.UnixEpoch.AddHours(5)));
        Assert.Null(person.Email);
    }

    [Fact]
    public void Provider_errors_are_stored_without_addresses_phone_numbers_or_line_ids()
    {
        var redacted = ErrorText.Redact("550 5.1.1 <somchai.j@example.co.th> unknown; sms to +66812345678 and 081-234-5678 failed; LINE U0123456789abcdef0123456789abcdef blocked");
        Assert.DoesNotContain("somchai", redacted);
        Assert.DoesNotContain("812345678", redacted);
        Assert.DoesNotContain("234-5678", redacted);
        Assert.DoesNotContain("U0123456789abcdef", redacted);
        Assert.Contains("550 5.1.1", redacted);
    }

    [Fact]
    public void A_line_link_code_is_matched_loosely_works_once_and_expires()
    {
        var now = DateTimeOffset.UnixEpoch;
        var (record, code) = LineLinkCode.Issue("sub-1", now, TimeSpan.FromMinutes(30));
        Assert.Equal(LineLinkCode.Length, code.Length);
        var typed = $" {code[..4].ToLowerInvariant()}-{code[4..]} ";
        Assert.Equal(record.CodeHash, LineLinkCode.Hash(LineLinkCode.Normalize(typed)!));
        Assert.Null(LineLinkCode.Normalize("hello there"));
        Assert.True(record.IsUsable(now.AddMinutes(29)));
        Assert.False(record.IsUsable(now.AddMinutes(30)));
        record.Use(now);
        Assert.False(record.IsUsable(now));
    }

    [Fact]
    public void An_office_is_current_from_its_start_to_its_end_and_an_end_never_moves_later()
    {
        var term = OfficeTerm.Assign(Guid.NewGuid(), Guid.NewGuid(), OfficeRoleCodes.President, Guid.NewGuid(), null, new DateOnly(2019, 1, 1), null);
        Assert.False(term.IsHeldOn(new DateOnly(2018, 12, 31)));
        Assert.True(term.IsHeldOn(new DateOnly(2030, 1, 1)));
        term.End(new DateOnly(2020, 6, 30));
        term.End(new DateOnly(2021, 6, 30));
        Assert.True(term.IsHeldOn(new DateOnly(2020, 6, 30)));
        Assert.False(term.IsHeldOn(new DateOnly(2020, 7, 1)));
    }

    [Fact]
    public void A_registration_copy_takes_the_newest_status_only()
    {
        var registration = SessionRegistration.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "A1");
        registration.Apply(SessionRegistration.Cancelled, registration.SessionId, "A1", DateTimeOffset.UnixEpoch.AddHours(2));
        Assert.False(registration.Apply(SessionRegistration.Confirmed, registration.SessionId, "A1", DateTimeOffset.UnixEpoch.AddHours(1)));
        Assert.False(registration.IsActive);
    }

    [Fact]
    public void A_copy_keeps_the_point_staff_placed_against_the_submission_and_an_older_placement_arriving_late()
    {
        var at = DateTimeOffset.UnixEpoch;
        var copy = RequestCopy.Changed(Guid.NewGuid(), "R2570-00000001", "road", "line:U1", "triaged", null, at.AddHours(2));

        Assert.True(copy.Locate(16.48, 99.55, at.AddHours(2)));
        copy.Fill("ถนนทรุด", latitude: null, longitude: null, submittedAt: at); // the address-only submission, overtaken
        Assert.Equal(new GeoPointView(16.48, 99.55), new GeoPointView(copy.Latitude, copy.Longitude));
        Assert.Equal("ถนนทรุด", copy.Title);

        Assert.False(copy.Locate(16.40, 99.50, at.AddHours(1))); // an earlier placement redelivered later
        Assert.Equal(new GeoPointView(16.48, 99.55), new GeoPointView(copy.Latitude, copy.Longitude));
        Assert.True(copy.Locate(16.47, 99.56, at.AddHours(3)));
        Assert.Equal(new GeoPointView(16.47, 99.56), new GeoPointView(copy.Latitude, copy.Longitude));
    }

    [Fact]
    public void A_copy_without_a_placement_takes_the_point_it_was_submitted_with()
    {
        var copy = RequestCopy.Changed(Guid.NewGuid(), "R2570-00000002", "road", null, "triaged", null, DateTimeOffset.UnixEpoch.AddHours(1));
        copy.Fill("ไฟดับ", 16.45, 99.52, DateTimeOffset.UnixEpoch);
        Assert.Equal(new GeoPointView(16.45, 99.52), new GeoPointView(copy.Latitude, copy.Longitude));
    }

    private sealed record GeoPointView(double? Latitude, double? Longitude);

    [Fact]
    public void A_LINE_reporter_finishes_at_most_the_days_reports_and_may_report_again_24_hours_after_the_first_of_them()
    {
        var first = Bangkok(20, 9);
        var reporter = Municipal.Notifications.Domain.Line.LineReporter.Consent("U-limit", first);
        Assert.Null(reporter.NextReportAllowedAt(first, perDay: 2));

        reporter.Reported(first);
        Assert.Null(reporter.NextReportAllowedAt(first.AddHours(1), perDay: 2));
        reporter.Reported(first.AddHours(1));
        Assert.Equal(first.AddDays(1), reporter.NextReportAllowedAt(first.AddHours(2), perDay: 2));
        Assert.Equal(first.AddDays(1), reporter.NextReportAllowedAt(first.AddDays(1).AddTicks(-1), perDay: 2));
        Assert.Null(reporter.NextReportAllowedAt(first.AddHours(2), perDay: 0)); // 0: no limit
        Assert.Null(reporter.NextReportAllowedAt(first.AddHours(2), perDay: 3));

        // 24 hours after the first, a report starts a new count.
        Assert.Null(reporter.NextReportAllowedAt(first.AddDays(1), perDay: 2));
        reporter.Reported(first.AddDays(1).AddMinutes(5));
        Assert.Equal(1, reporter.ReportsThatDay);
        Assert.Equal(first.AddDays(1).AddMinutes(5), reporter.ReportDayStartedAt);
        Assert.Null(reporter.NextReportAllowedAt(first.AddDays(1).AddMinutes(6), perDay: 2));
    }
}
