using Ical.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Rendering;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;

namespace Municipal.Notifications.Tests;

/// <summary>The template files: every one renders in Thai and English with sample data; dates read as people read them.</summary>
public sealed class TemplateTests
{
    private static readonly TemplateLibrary Templates = TemplateLibrary.LoadEmbedded();

    private static readonly Notices Notices = new(
        Templates, Options.Create(new EmailOptions { From = "noreply@test.municipal" }), new FakeTimeProvider(DateTimeOffset.UnixEpoch));

    private static readonly Guid PersonId = Guid.NewGuid();

    /// <summary>One sample notice of every kind, made from sample events as the consumers make them.</summary>
    public static IEnumerable<(string Kind, Notice Notice)> Samples()
    {
        var session = Events.Session(sequence: 2);
        var registration = SessionRegistration.Create(Guid.NewGuid(), session.SessionId, PersonId, "K7Q4P2");
        var registrations = new Dictionary<Guid, SessionRegistration> { [PersonId] = registration };
        var at = DateTimeOffset.UnixEpoch;
        var submitted = Events.Submitted("sub-1");
        var status = new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0001", CommunityId = Guid.NewGuid(), Category = "road",
            From = "triaged", To = "in-progress", Note = "ผู้รับจ้างเข้าพื้นที่แล้ว", ChangedAt = at,
        };
        var term = new TermEnding
        {
            OfficeId = Guid.NewGuid(), PersonId = PersonId, Role = "president", CommunityId = Guid.NewGuid(),
            EndDate = new DateOnly(2023, 9, 30), OccurredAt = at,
        };
        yield return (Notices.InvitationIssued, Notices.Invitation(new InvitationIssued { InvitationId = Guid.NewGuid(), PersonId = PersonId, Session = session, OccurredAt = at }));
        yield return (Notices.RegistrationConfirmed, Notices.Confirmed(Events.Confirmed(PersonId, session)));
        yield return (Notices.RegistrationWaitlisted, Notices.Waitlisted(new RegistrationWaitlisted { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "W1", Position = 3, Session = session, OccurredAt = at }));
        yield return (Notices.RegistrationPromoted, Notices.Promoted(new RegistrationPromoted { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "W1", Session = session, OccurredAt = at }));
        yield return (Notices.RegistrationCancelled, Notices.Cancelled(new RegistrationCancelled { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "K7", PreviousStatus = "confirmed", Session = session, OccurredAt = at }));
        yield return (Notices.SessionRescheduled, Notices.Rescheduled(new SessionRescheduled
        {
            Session = session with { StartsAt = session.StartsAt.AddDays(7), EndsAt = session.EndsAt.AddDays(7), Sequence = 3 },
            PreviousStartsAt = session.StartsAt, PreviousEndsAt = session.EndsAt, PreviousVenueName = session.VenueName, OccurredAt = at,
        }, registrations));
        yield return (Notices.SessionCancelled, Notices.SessionWasCancelled(Events.Cancelled(session), registrations));
        yield return (Notices.SessionReminder, Notices.Reminder(new SessionReminderDue
        {
            RegistrationId = registration.Id, PersonId = PersonId, Code = "K7Q4P2", OffsetBeforeStart = TimeSpan.FromHours(2), Session = session, OccurredAt = at,
        }));
        yield return (Notices.RequestSubmitted, Notices.Submitted(submitted, forDivision: false));
        yield return (Notices.RequestSubmittedDivision, Notices.Submitted(submitted, forDivision: true));
        yield return (Notices.RequestStatusChanged, Notices.StatusChanged(status, forPresident: false));
        yield return (Notices.RequestStatusChangedCommunity, Notices.StatusChanged(status, forPresident: true));
        yield return (Notices.PlanProjectProgressed, Notices.ProjectProgressed(new PlanProjectProgressed
        {
            ProjectId = Guid.NewGuid(), Title = "ปรับปรุงท่อระบายน้ำถนนราชดำเนิน", Stage = "budgeted", ProgressPercent = 40,
            Note = "ได้รับงบประมาณปี 2568", CommunityIds = [Guid.NewGuid()], RequestIds = [], OccurredAt = at,
        }));
        yield return (Notices.TermEnding, Notices.TermEnds(term, forRegistry: false, holderName: null));
        yield return (Notices.TermEndingRegistry, Notices.TermEnds(term, forRegistry: true, holderName: "นายสมชาย ใจดี"));
        yield return (Notices.LineLinked, Notices.LineWasLinked("sub-1"));
        yield return (Notices.AccountClaimCode, Notices.ClaimCode(new AccountClaimCodeIssued
        {
            ClaimId = Guid.NewGuid(), PersonId = PersonId, Code = "428193", ExpiresAt = at.AddMinutes(15), OccurredAt = at,
        }));

        foreach (var sample in CaseworkSamples(at))
        {
            yield return sample;
        }
    }

    private static readonly CaseworkNotices Casework = new(Templates);

    /// <summary>Requests' casework notices: the question about the fix and its answer.</summary>
    private static IEnumerable<(string Kind, Notice Notice)> CaseworkSamples(DateTimeOffset at)
    {
        var requestId = Guid.NewGuid();
        yield return (CaseworkNotices.FeedbackRequested, Casework.FeedbackQuestion(new RequestFeedbackRequested
        {
            RequestId = requestId, Number = "R2570-0001", CommunityId = Guid.NewGuid(), Category = "drainage", DivisionCode = "public-works",
            Title = "ท่อระบายน้ำอุดตันหน้าตลาด", RequestChannel = "web", SubmitterSubject = "sub-1", Round = 1,
            ResolvedAt = at, AskedAt = at.AddDays(7), AnswerBy = at.AddDays(37),
        }));
        yield return (CaseworkNotices.FeedbackRecordedDivision, Casework.FeedbackRecorded(new RequestFeedbackRecorded
        {
            FeedbackId = Guid.NewGuid(), RequestId = requestId, Number = "R2570-0001", CommunityId = Guid.NewGuid(), Category = "drainage",
            DivisionCode = "public-works", Round = 1, Fixed = false, Rating = 2, Channel = "line", Reopened = true, GivenAt = at.AddDays(8),
        }));
        var escalated = new RequestEscalated
        {
            RequestId = requestId, Number = "R2570-0001", Title = "ท่อระบายน้ำอุดตันหน้าตลาด", Category = "drainage", CommunityId = Guid.NewGuid(),
            DivisionCode = "public-works", DivisionId = Guid.NewGuid(), Threshold = "first-response", Level = "division", DueAt = at, EscalatedAt = at.AddHours(1),
        };
        yield return (CaseworkNotices.Escalated, Casework.Escalation(escalated));
        yield return (CaseworkNotices.EscalatedHead, Casework.Escalation(escalated with { Level = "head", EscalatedAt = at.AddDays(2) }));
        yield return (CaseworkNotices.Digest, Casework.OverdueDigest(new DivisionOverdueDigest
        {
            DivisionCode = "public-works", Day = new DateOnly(2026, 11, 3), Total = 52, OccurredAt = at,
            Requests = [new OverdueRequest { RequestId = requestId, Number = "R2570-0001", Title = "ท่อระบายน้ำอุดตัน", Category = "drainage", Threshold = "resolution", DueAt = at }],
        }));
        yield return (CaseworkNotices.ReroutedDivision, Casework.Rerouted(new RequestRerouted
        {
            RequestId = requestId, Number = "R2570-0001", Title = "ท่อระบายน้ำอุดตัน", Category = "drainage", CommunityId = Guid.NewGuid(),
            FromDivisionCode = "public-works", ToDivisionCode = "public-health", Reason = "ต้นไม้ล้มทับท่อ", ReroutedAt = at,
        }));
        yield return (CaseworkNotices.AnnouncementKind, Casework.Announcement(Announcement.Send(
            Audiences.Community, Guid.NewGuid(), null, "ประชุมประจำเดือน", "เชิญประชุมวันศุกร์นี้ เวลา 13:30 น.", "staff-1", 12, at)));
        yield return (CaseworkNotices.AssignedOfficer, Casework.Assigned(new RequestAssignedToOfficer
        {
            RequestId = requestId, Number = "R2570-0001", Title = "ท่อระบายน้ำอุดตัน", Category = "drainage", DivisionCode = "public-works",
            OfficerSubject = "sub-1", Note = "ไปดูหน้างานพรุ่งนี้", AssignedBySubject = "lead", AssignedAt = at,
        }));
    }

    private static Recipient Person(string language) => new()
    {
        Key = Recipient.PersonKey(PersonId), PersonId = PersonId, Subject = "sub-1", Language = language,
        Email = "somchai@example.th", DisplayName = language == "en" ? "Somchai Jaidee" : "นายสมชาย ใจดี",
    };

    public static TheoryData<string, string> EveryTemplateInBothLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var (kind, _) in Samples())
        {
            data.Add(kind, Languages.Thai);
            data.Add(kind, Languages.English);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTemplateInBothLanguages))]
    public void Every_template_renders_in_both_languages_with_sample_data(string kind, string language)
    {
        var notice = Samples().Single(s => s.Kind == kind).Notice;
        var values = notice.Values(Person(language), language);
        values.TryAdd("name", Person(language).DisplayName);

        var message = Templates.Render(kind, language, values);

        Assert.Equal(language, message.Language);
        Assert.False(string.IsNullOrWhiteSpace(message.Title));
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        Assert.False(string.IsNullOrWhiteSpace(message.Short));
        foreach (var part in new[] { message.Title, message.Text, message.Html, message.Short })
        {
            Assert.DoesNotContain("{{", part);
        }

        Assert.Contains("<html lang=\"" + language + "\">", message.Html);
        if (language == Languages.Thai)
        {
            Assert.Matches(@"\p{IsThai}", message.Text);
        }
        else
        {
            // The template's own words are English; only the sample values (names, titles) are Thai.
            var words = values.Values.OfType<string>().OrderByDescending(v => v.Length)
                .Aggregate(message.Title + "\n" + message.Text + "\n" + message.Short, (text, value) => text.Replace(value, "", StringComparison.Ordinal));
            Assert.DoesNotMatch(@"\p{IsThai}", words);
        }
    }

    [Fact]
    public void Every_template_file_has_a_sample_and_both_languages_name_the_same_values()
    {
        Assert.Equal(Templates.Kinds.Order(), Samples().Select(s => s.Kind).Order());
        foreach (var kind in Templates.Kinds)
        {
            Assert.True(Templates.Has(kind, Languages.Thai) && Templates.Has(kind, Languages.English), kind);
            Assert.Equal(Templates.KeysOf(kind, Languages.Thai).Order(), Templates.KeysOf(kind, Languages.English).Order());
        }

        Assert.Equal(Templates.LabelKeys(Languages.Thai).Order(), Templates.LabelKeys(Languages.English).Order());
    }

    [Fact]
    public void Thai_dates_are_buddhist_era_with_thai_month_names_and_english_dates_common_era()
    {
        var opening = new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal("วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น.", DateText.DateAndTime(opening, Languages.Thai));
        Assert.Equal("Tuesday 19 November 2019 at 09:00", DateText.DateAndTime(opening, Languages.English));
        Assert.Equal("วันพุธที่ 30 กันยายน 2563", DateText.Date(new DateOnly(2020, 9, 30), Languages.Thai));
        Assert.Equal("2 ชั่วโมง", DateText.Duration(TimeSpan.FromHours(2), Languages.Thai, Templates));
        Assert.Equal("1 day", DateText.Duration(TimeSpan.FromDays(1), Languages.English, Templates));
    }

    [Fact]
    public void A_confirmation_in_thai_reads_the_session_date_in_buddhist_era_and_the_code()
    {
        var notice = Samples().Single(s => s.Kind == Notices.RegistrationConfirmed).Notice;
        var values = notice.Values(Person("th"), "th");
        values["name"] = Person("th").DisplayName;
        var message = Templates.Render(notice.Kind, Languages.Thai, values);
        Assert.Contains("เรียน นายสมชาย ใจดี", message.Text);
        Assert.Contains("วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น.", message.Text);
        Assert.Contains("K7Q4P2", message.Text);
        Assert.Contains("ห้องประชุมชากังราว 1", message.Html);
    }

    [Fact]
    public void A_line_naming_an_absent_value_is_left_out()
    {
        var status = new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R1", CommunityId = Guid.NewGuid(), Category = "road",
            From = "submitted", To = "triaged", Note = null, ChangedAt = DateTimeOffset.UnixEpoch,
        };
        var notice = Notices.StatusChanged(status, forPresident: false);
        var message = Templates.Render(notice.Kind, "th", notice.Values(Person("th"), "th"));
        Assert.DoesNotContain("หมายเหตุ", message.Text);
        Assert.Contains("เป็น: ส่งต่อหน่วยงานแล้ว", message.Text);
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_part_and_left_as_they_are_in_text()
    {
        var submitted = Events.Submitted("sub-1") with { Title = "<script>alert(1)</script> ท่อ & ถนน" };
        var notice = Notices.Submitted(submitted, forDivision: false);
        var message = Templates.Render(notice.Kind, "th", notice.Values(Person("th"), "th"));
        Assert.DoesNotContain("<script>", message.Html);
        Assert.Contains("&lt;script&gt;", message.Html);
        Assert.Contains("<script>alert(1)</script> ท่อ & ถนน", message.Text);
    }

    [Fact]
    public void A_meeting_request_carries_the_sessions_stable_uid_and_sequence_in_utc()
    {
        var session = Events.Session(sequence: 4);
        var ics = MeetingInvite.Build(session, MeetingInvite.Request, "ประชุม ครั้งที่ 1", "รหัส K7", "noreply@test.municipal", "เทศบาล",
            "somchai@example.th", "นายสมชาย ใจดี", DateTimeOffset.UnixEpoch);

        Assert.Contains("METHOD:REQUEST", ics);
        Assert.Contains("DTSTART:20191119T020000Z", ics);
        var calendar = Calendar.Load(ics)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal($"session-{session.SessionId:N}@scheduling.municipal", e.Uid);
        Assert.Equal(4, e.Sequence);
        Assert.Equal("ประชุม ครั้งที่ 1", e.Summary);
        Assert.Equal("mailto:somchai@example.th", Assert.Single(e.Attendees).Value?.ToString());
    }

    [Fact]
    public void A_cancellation_says_cancel_and_cancelled_under_the_same_uid()
    {
        var session = Events.Session(sequence: 5, status: "cancelled");
        var ics = MeetingInvite.Build(session, MeetingInvite.Cancel, "s", "d", "o@test", "o", "a@test", null, DateTimeOffset.UnixEpoch);
        Assert.Contains("METHOD:CANCEL", ics);
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.Contains($"UID:session-{session.SessionId:N}@scheduling.municipal", ics);
        Assert.Contains("SEQUENCE:5", ics);
    }
}
