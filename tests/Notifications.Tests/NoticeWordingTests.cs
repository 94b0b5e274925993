using Ical.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Rendering;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using System.Text.RegularExpressions;

namespace Municipal.Notifications.Tests;

/// <summary>
/// What the notices say, word for word, where they used to say it wrong (issue 19, group 6): the session's
/// number said once, the labels of the web pages, the real time left before a session.
/// </summary>
public sealed class NoticeWordingTests
{
    private static readonly TemplateLibrary Templates = TemplateLibrary.LoadEmbedded();

    private static readonly Notices Notices = new(
        Templates, Options.Create(new EmailOptions { From = "noreply@test.municipal" }), new FakeTimeProvider(DateTimeOffset.UnixEpoch));

    private static readonly Guid PersonId = Guid.NewGuid();

    private static Recipient Person(string language) => new()
    {
        Key = Recipient.PersonKey(PersonId), PersonId = PersonId, Subject = "sub-1", Language = language,
        Email = "somchai@example.th", DisplayName = language == Languages.English ? "Somchai Jaidee" : "นายสมชาย ใจดี",
    };

    private static RenderedMessage Render(Notice notice, string language)
    {
        var values = notice.Values(Person(language), language);
        values.TryAdd("name", Person(language).DisplayName);
        return Templates.Render(notice.Kind, language, values);
    }

    /// <summary>The founding programme's first session, as Scheduling's programme template titles it.</summary>
    private static SessionSnapshot Founding() => Events.Session() with { Title = "การอบรมผู้นำชุมชน ครั้งที่ 1", Number = 1 };

    [Fact]
    public void A_confirmation_for_the_founding_programme_names_the_session_number_once()
    {
        var notice = Notices.Confirmed(Events.Confirmed(PersonId, Founding()));

        var th = Render(notice, Languages.Thai);
        Assert.Equal("ยืนยันการลงทะเบียน การอบรมผู้นำชุมชน ครั้งที่ 1", th.Title);
        Assert.Equal(
            """
            เรียน นายสมชาย ใจดี

            ท่านได้ที่นั่งในการอบรมผู้นำชุมชน ครั้งที่ 1 แล้ว
            วันเวลา: วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น. ถึง 16:00 น.
            สถานที่: ห้องประชุมชากังราว 1 ชั้น 4
            รหัสลงทะเบียน: K7Q4P2

            โปรดแสดงรหัสนี้หรือคิวอาร์โค้ดเมื่อลงชื่อเข้าร่วม
            """.ReplaceLineEndings("\n"), th.Text);
        Assert.Equal("ยืนยันที่นั่ง การอบรมผู้นำชุมชน ครั้งที่ 1 วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น. ณ ห้องประชุมชากังราว 1 ชั้น 4 รหัส K7Q4P2", th.Short);
        Assert.Contains("<p>ท่านได้ที่นั่งใน<strong>การอบรมผู้นำชุมชน ครั้งที่ 1</strong> แล้ว</p>", th.Html);

        var en = Render(notice, Languages.English);
        Assert.Equal("Registration confirmed: การอบรมผู้นำชุมชน ครั้งที่ 1", en.Title);
        Assert.Contains("\nYou have a seat at การอบรมผู้นำชุมชน ครั้งที่ 1.\n", en.Text);
        Assert.Equal("Seat confirmed: การอบรมผู้นำชุมชน ครั้งที่ 1, Tuesday 19 November 2019 at 09:00, ห้องประชุมชากังราว 1 ชั้น 4. Code K7Q4P2", en.Short);
    }

    [Fact]
    public void No_meeting_notice_for_the_founding_programme_repeats_the_number_and_its_calendar_entry_neither()
    {
        var session = Founding();
        var registration = SessionRegistration.Create(Guid.NewGuid(), session.SessionId, PersonId, "K7Q4P2");
        var registrations = new Dictionary<Guid, SessionRegistration> { [PersonId] = registration };
        var at = DateTimeOffset.UnixEpoch;
        Notice[] notices =
        [
            Notices.Invitation(new InvitationIssued { InvitationId = Guid.NewGuid(), PersonId = PersonId, Session = session, OccurredAt = at }),
            Notices.Confirmed(Events.Confirmed(PersonId, session)),
            Notices.Waitlisted(new RegistrationWaitlisted { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "W1", Position = 3, Session = session, OccurredAt = at }),
            Notices.Promoted(new RegistrationPromoted { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "W1", Session = session, OccurredAt = at }),
            Notices.Cancelled(new RegistrationCancelled { RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "K7", PreviousStatus = "confirmed", Session = session, OccurredAt = at }),
            Notices.Rescheduled(new SessionRescheduled
            {
                Session = session with { StartsAt = session.StartsAt.AddDays(7), EndsAt = session.EndsAt.AddDays(7), Sequence = 3 },
                PreviousStartsAt = session.StartsAt, PreviousEndsAt = session.EndsAt, PreviousVenueName = session.VenueName, OccurredAt = at,
            }, registrations),
            Notices.SessionWasCancelled(Events.Cancelled(session), registrations),
            Notices.Reminder(new SessionReminderDue
            {
                RegistrationId = registration.Id, PersonId = PersonId, Code = "K7Q4P2", OffsetBeforeStart = TimeSpan.FromHours(2),
                Session = session, OccurredAt = session.StartsAt.AddHours(-2),
            }),
        ];

        foreach (var notice in notices)
        {
            foreach (var language in Languages.All)
            {
                var message = Render(notice, language);
                foreach (var part in new[] { message.Title, message.Text, message.Html, message.Short })
                {
                    Assert.Contains("การอบรมผู้นำชุมชน ครั้งที่ 1", part);
                    Assert.DoesNotContain("ครั้งที่ 1 ครั้งที่ 1", part);
                    Assert.DoesNotContain("ครั้งที่ 1, session 1", part);
                    Assert.DoesNotContain("ครั้งที่ 1 #1", part);
                }
            }
        }

        var ics = Notices.Confirmed(Events.Confirmed(PersonId, session)).Calendar!(Person(Languages.Thai))!;
        Assert.Equal("การอบรมผู้นำชุมชน ครั้งที่ 1", Assert.Single(Calendar.Load(ics)!.Events).Summary);
        var icsEn = Notices.Confirmed(Events.Confirmed(PersonId, session)).Calendar!(Person(Languages.English))!;
        Assert.Equal("การอบรมผู้นำชุมชน ครั้งที่ 1", Assert.Single(Calendar.Load(icsEn)!.Events).Summary);
    }

    [Fact]
    public void A_title_without_the_number_gets_it_once_in_thai_and_in_english()
    {
        var session = Events.Session() with { Title = "ประชุมประจำเดือน", Number = 3 };
        var notice = Notices.Confirmed(Events.Confirmed(PersonId, session));

        Assert.Equal("ยืนยันการลงทะเบียน ประชุมประจำเดือน ครั้งที่ 3", Render(notice, Languages.Thai).Title);
        Assert.Equal("Registration confirmed: ประชุมประจำเดือน, session 3", Render(notice, Languages.English).Title);
        Assert.Equal("ประชุมประจำเดือน ครั้งที่ 3", Assert.Single(Calendar.Load(notice.Calendar!(Person(Languages.Thai))!)!.Events).Summary);
    }

    [Theory]
    [InlineData("การอบรมผู้นำชุมชน ครั้งที่ 1", 1, "การอบรมผู้นำชุมชน ครั้งที่ 1", "การอบรมผู้นำชุมชน ครั้งที่ 1")]
    [InlineData("การอบรมผู้นำชุมชน ครั้งที่๑", 1, "การอบรมผู้นำชุมชน ครั้งที่๑", "การอบรมผู้นำชุมชน ครั้งที่๑")]
    [InlineData("Leaders' training, session 2", 2, "Leaders' training, session 2", "Leaders' training, session 2")]
    [InlineData("การอบรมผู้นำชุมชน ครั้งที่ 1", 11, "การอบรมผู้นำชุมชน ครั้งที่ 1 ครั้งที่ 11", "การอบรมผู้นำชุมชน ครั้งที่ 1, session 11")]
    [InlineData("อบรม 1 วัน", 1, "อบรม 1 วัน ครั้งที่ 1", "อบรม 1 วัน, session 1")]
    public void A_session_is_named_by_its_title_with_the_number_added_only_when_the_title_lacks_it(string title, int number, string th, string en)
    {
        Assert.Equal(th, SessionText.Name(title, number, Languages.Thai));
        Assert.Equal(en, SessionText.Name(title, number, Languages.English));
    }
    [Fact]
    public void A_status_change_names_the_status_and_the_category_as_the_web_pages_do()
    {
        var notice = Notices.StatusChanged(new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0001", CommunityId = Guid.NewGuid(), Category = "drainage",
            From = "submitted", To = "triaged", Note = null, ChangedAt = DateTimeOffset.UnixEpoch,
        }, forPresident: false);

        var th = Render(notice, Languages.Thai);
        Assert.Equal("คำร้องเลขที่ R2570-0001: ส่งต่อหน่วยงานแล้ว", th.Title);
        Assert.Equal(
            """
            คำร้องเลขที่ R2570-0001 (ท่อระบายน้ำและทางระบายน้ำ) ของท่านเปลี่ยนสถานะ
            จาก: รับเรื่องแล้ว
            เป็น: ส่งต่อหน่วยงานแล้ว
            """.ReplaceLineEndings("\n"), th.Text);
        Assert.Equal("คำร้อง R2570-0001 (ท่อระบายน้ำและทางระบายน้ำ) ของท่าน: ส่งต่อหน่วยงานแล้ว", th.Short);

        var en = Render(notice, Languages.English);
        Assert.Equal("Request R2570-0001: Triaged", en.Title);
        Assert.Equal(
            """
            Your request R2570-0001 (Drainage) changed state.
            From: Submitted
            To: Triaged
            """.ReplaceLineEndings("\n"), en.Text);
        Assert.Equal("Your request R2570-0001 (Drainage): Triaged", en.Short);
    }

    [Fact]
    public void The_short_status_notice_for_line_and_sms_carries_the_public_status_note()
    {
        var notice = Notices.StatusChanged(new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0003", CommunityId = null, Category = "lighting",
            From = "in-progress", To = "resolved", Note = "เปลี่ยนหลอดไฟแล้ว", ChangedAt = DateTimeOffset.UnixEpoch,
        }, forPresident: false);

        Assert.Equal("คำร้อง R2570-0003 (ไฟฟ้าส่องสว่าง) ของท่าน: แก้ไขแล้ว หมายเหตุ: เปลี่ยนหลอดไฟแล้ว", Render(notice, Languages.Thai).Short);
        Assert.Equal("Your request R2570-0003 (Street lighting): Resolved Note: เปลี่ยนหลอดไฟแล้ว", Render(notice, Languages.English).Short);
    }

    [Fact]
    public void A_community_presidents_status_notice_and_a_submission_use_the_web_labels_too()
    {
        var community = Render(Notices.StatusChanged(new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0002", CommunityId = Guid.NewGuid(), Category = "road",
            From = "needs-budget", To = "proposed-for-plan", Note = "รอสภาอนุมัติ", ChangedAt = DateTimeOffset.UnixEpoch,
        }, forPresident: true), Languages.Thai);
        Assert.Equal("คำร้องของชุมชนเลขที่ R2570-0002: เสนอเข้าแผนพัฒนา", community.Title);
        Assert.Equal(
            """
            เรียน นายสมชาย ใจดี

            คำร้องเลขที่ R2570-0002 (ถนนและทางเท้า) ของชุมชนที่ท่านเป็นประธานเปลี่ยนสถานะ
            จาก: ต้องใช้งบประมาณ
            เป็น: เสนอเข้าแผนพัฒนา
            หมายเหตุ: รอสภาอนุมัติ
            """.ReplaceLineEndings("\n"), community.Text);

        var submitted = Render(Notices.Submitted(Events.Submitted("sub-1", category: "waste", division: "public-health"), forDivision: false), Languages.Thai);
        Assert.Equal(
            """
            เทศบาลได้รับคำร้อง "ท่อระบายน้ำอุดตัน" ของท่านแล้ว และจะแจ้งความคืบหน้าให้ทราบ
            เลขที่คำร้อง: R2570-0000ABCD
            ประเภท: ขยะและความสะอาด
            ผู้รับผิดชอบ: กองสาธารณสุขและสิ่งแวดล้อม
            """.ReplaceLineEndings("\n"), submitted.Text);
        Assert.Equal("เทศบาลได้รับคำร้องของท่านแล้ว เลขที่ R2570-0000ABCD (ขยะและความสะอาด)", submitted.Short);
    }

    /// <summary>
    /// The web client's labels (src/Web/Localization/Labels.cs, read as text: Notifications does not depend on the
    /// web client) and the notices' labels of request statuses, categories and plan stages are the same words.
    /// </summary>
    [Theory]
    [InlineData("RequestStatuses", "status")]
    [InlineData("Categories", "category")]
    [InlineData("Stages", "stage")]
    public void The_notices_label_every_code_exactly_as_the_web_client_does(string webDictionary, string prefix)
    {
        var web = WebLabels(webDictionary);
        Assert.NotEmpty(web);
        foreach (var (code, (thai, english)) in web)
        {
            Assert.Equal(thai, Templates.Label(Languages.Thai, $"{prefix}.{code}", "(none)"));
            Assert.Equal(english, Templates.Label(Languages.English, $"{prefix}.{code}", "(none)"));
        }

        Assert.Equal(web.Keys.Order(), Templates.LabelKeys(Languages.Thai).Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 1)..]).Order());
    }

    /// <summary>
    /// Request channels, notification channels and offices in Thai, as the web client names them (Labels.cs: "Others" holds
    /// the channels, "Offices" the offices). Only the Thai: the notices' English words sit inside sentences ("via the mobile
    /// app", "community secretary") where the web's are headings.
    /// </summary>
    [Theory]
    [InlineData("Others", "channel")]
    [InlineData("Offices", "role")]
    public void The_notices_name_channels_and_offices_in_thai_as_the_web_client_does(string webDictionary, string prefix)
    {
        var web = WebLabels(webDictionary);
        var codes = Templates.LabelKeys(Languages.Thai).Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(k => k[(prefix.Length + 1)..]).ToList();
        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            Assert.True(web.TryGetValue(code, out var label), $"The web client has no label for {prefix} {code}.");
            Assert.Equal(label.Th, Templates.Label(Languages.Thai, $"{prefix}.{code}", "(none)"));
        }
    }

    /// <summary>The repository's root (where Municipal.sln is), to read the web client's sources as text.</summary>
    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Municipal.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }

    private static Dictionary<string, (string Th, string En)> WebLabels(string dictionary)
    {
        var source = File.ReadAllText(Path.Combine(Root(), "src", "Web", "Localization", "Labels.cs"));
        var body = Regex.Match(source, dictionary + @" = new\(\)\s*\{(?<body>.*?)\};", RegexOptions.Singleline);
        Assert.True(body.Success, $"Labels.cs has no dictionary {dictionary}.");
        return Regex.Matches(body.Groups["body"].Value, @"\[""(?<code>[^""]+)""\] = \(""(?<th>[^""]*)"", ""(?<en>[^""]*)""\)")
            .ToDictionary(m => m.Groups["code"].Value, m => (m.Groups["th"].Value, m.Groups["en"].Value));
    }

    [Fact]
    public void The_24_hour_reminder_of_a_late_registrant_two_hours_before_says_two_hours_not_one_day()
    {
        var session = Founding(); // 09:00 Bangkok on Tuesday 19 November 2019
        var notice = Notices.Reminder(new SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "K7Q4P2", OffsetBeforeStart = TimeSpan.FromHours(24),
            Session = session, OccurredAt = session.StartsAt.AddHours(-2),
        });

        var th = Render(notice, Languages.Thai);
        Assert.Equal("แจ้งเตือน: การอบรมผู้นำชุมชน ครั้งที่ 1 วันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)", th.Title);
        Assert.Equal(
            """
            เรียน นายสมชาย ใจดี

            ขอเตือนว่าการอบรมผู้นำชุมชน ครั้งที่ 1 จะเริ่มวันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)
            วันเวลา: วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น. ถึง 16:00 น.
            สถานที่: ห้องประชุมชากังราว 1 ชั้น 4
            รหัสลงทะเบียนของท่าน: K7Q4P2
            """.ReplaceLineEndings("\n"), th.Text);
        Assert.Contains("<p>ขอเตือนว่า<strong>การอบรมผู้นำชุมชน ครั้งที่ 1</strong> จะเริ่มวันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)</p>", th.Html);
        Assert.Equal("เตือน: การอบรมผู้นำชุมชน ครั้งที่ 1 วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น. ณ ห้องประชุมชากังราว 1 ชั้น 4 รหัส K7Q4P2", th.Short);
        Assert.DoesNotContain("อีก 1 วัน", th.Title + th.Text + th.Html);

        var en = Render(notice, Languages.English);
        Assert.Equal("Reminder: การอบรมผู้นำชุมชน ครั้งที่ 1, today at 09:00 (in 2 hours)", en.Title);
        Assert.Contains("\nA reminder that การอบรมผู้นำชุมชน ครั้งที่ 1 starts today at 09:00 (in 2 hours).\n", en.Text);
        Assert.Equal("Reminder: การอบรมผู้นำชุมชน ครั้งที่ 1, Tuesday 19 November 2019 at 09:00, ห้องประชุมชากังราว 1 ชั้น 4. Code K7Q4P2", en.Short);
    }

    [Fact]
    public void A_reminder_written_after_its_event_counts_the_time_left_from_when_it_is_written()
    {
        var session = Founding();
        var clock = new FakeTimeProvider(session.StartsAt.AddMinutes(-45)); // the event waited in the queue
        var notices = new Notices(Templates, Options.Create(new EmailOptions { From = "noreply@test.municipal" }), clock);
        var notice = notices.Reminder(new SessionReminderDue
        {
            RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "K7Q4P2", OffsetBeforeStart = TimeSpan.FromHours(2),
            Session = session, OccurredAt = session.StartsAt.AddHours(-2),
        });

        Assert.Equal("แจ้งเตือน: การอบรมผู้นำชุมชน ครั้งที่ 1 วันนี้ เวลา 09:00 น. (อีก 45 นาที)", Render(notice, Languages.Thai).Title);
        Assert.Equal("Reminder: การอบรมผู้นำชุมชน ครั้งที่ 1, today at 09:00 (in 45 minutes)", Render(notice, Languages.English).Title);
    }

    /// <summary>Before a session at 09:00 Bangkok on Tuesday 19 November 2019 (02:00 UTC).</summary>
    [Theory]
    [InlineData(24 * 60, "พรุ่งนี้ เวลา 09:00 น.", "tomorrow at 09:00")]
    [InlineData(11 * 60, "พรุ่งนี้ เวลา 09:00 น.", "tomorrow at 09:00")] // 22:00 the evening before
    [InlineData(120, "วันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)", "today at 09:00 (in 2 hours)")]
    [InlineData(119, "วันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)", "today at 09:00 (in 2 hours)")] // the dispatcher's poll a little late
    [InlineData(150, "วันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง 30 นาที)", "today at 09:00 (in 2 hours 30 minutes)")]
    [InlineData(65, "วันนี้ เวลา 09:00 น. (อีก 1 ชั่วโมง 5 นาที)", "today at 09:00 (in 1 hour 5 minutes)")]
    [InlineData(1, "วันนี้ เวลา 09:00 น. (อีก 1 นาที)", "today at 09:00 (in 1 minute)")]
    [InlineData(48 * 60, "มะรืนนี้ เวลา 09:00 น.", "the day after tomorrow at 09:00")]
    [InlineData(5 * 24 * 60, "วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00 น. (อีก 5 วัน)", "on Tuesday 19 November 2019 at 09:00 (in 5 days)")]
    public void The_start_of_a_session_is_said_as_people_say_it(int minutesBefore, string th, string en)
    {
        var start = new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero);
        var now = start.AddMinutes(-minutesBefore);
        Assert.Equal(th, DateText.StartsIn(start, now, Languages.Thai, Templates));
        Assert.Equal(en, DateText.StartsIn(start, now, Languages.English, Templates));
    }

    /// <summary>
    /// A rescheduling speaks of the attached calendar entry only in the mail that carries one: a confirmed registrant's,
    /// when e-mail is among their channels (as <see cref="NoticeWriter"/> attaches it). Never in the text, which is also the
    /// inbox entry, nor in the short text for LINE and SMS, nor to a waitlisted registrant or someone told in the inbox only.
    /// </summary>
    [Fact]
    public void A_rescheduling_speaks_of_the_attached_calendar_only_in_the_mail_that_carries_it()
    {
        var session = Founding();
        var waitingId = Guid.NewGuid();
        var waiting = SessionRegistration.Create(Guid.NewGuid(), session.SessionId, waitingId, "W1");
        waiting.Apply(SessionRegistration.Waitlisted, session.SessionId, "W1", DateTimeOffset.UnixEpoch);
        var notice = Notices.Rescheduled(new SessionRescheduled
        {
            Session = session with { StartsAt = session.StartsAt.AddDays(7), EndsAt = session.EndsAt.AddDays(7), Sequence = 3 },
            PreviousStartsAt = session.StartsAt, PreviousEndsAt = session.EndsAt, PreviousVenueName = session.VenueName, OccurredAt = DateTimeOffset.UnixEpoch,
        }, new Dictionary<Guid, SessionRegistration>
        {
            [PersonId] = SessionRegistration.Create(Guid.NewGuid(), session.SessionId, PersonId, "K7Q4P2"),
            [waitingId] = waiting,
        });

        (Recipient Recipient, bool Mailed)[] recipients =
        [
            (Person(Languages.Thai) with { PreferredChannel = ChannelCodes.Email }, true), // the inbox, and a mail with the entry
            (Person(Languages.English) with { PreferredChannel = ChannelCodes.Email }, true),
            (Person(Languages.Thai) with { Subject = null }, true), // no inbox: the mail is the first channel that reaches them
            (Person(Languages.Thai), false), // the inbox only
            (Person(Languages.Thai) with { Subject = null, PreferredChannel = ChannelCodes.Sms, PhoneE164 = "+66812345678" }, false),
            (Person(Languages.Thai) with { Key = Recipient.PersonKey(waitingId), PersonId = waitingId, PreferredChannel = ChannelCodes.Email }, false),
        ];
        foreach (var (recipient, mailed) in recipients)
        {
            // As NoticeWriter attaches it: to the mail of the recipient's channel plan.
            var calendar = ChannelPlan.CarriesCalendar(ChannelPlan.For(recipient)) ? notice.Calendar!(recipient) : null;
            Assert.Equal(mailed, calendar is not null);

            var values = notice.Values(recipient, recipient.Language);
            values.TryAdd("name", recipient.DisplayName);
            var message = Templates.Render(notice.Kind, recipient.Language, values);
            var sentence = recipient.Language == Languages.English
                ? "The calendar entry attached to this e-mail updates the one in your calendar."
                : "ไฟล์ปฏิทินที่แนบมากับอีเมลนี้จะปรับนัดหมายเดิมในปฏิทินของท่านให้ตรงกับกำหนดการใหม่";
            if (mailed)
            {
                Assert.Contains($"<p>{sentence}</p>", message.Html);
            }
            else
            {
                Assert.DoesNotContain(sentence, message.Html);
            }

            Assert.DoesNotContain(sentence, message.Text);
            Assert.DoesNotContain(sentence, message.Short);
            Assert.DoesNotContain("ปฏิทินที่แนบ", message.Text);
            Assert.DoesNotContain("attached", message.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Where to act, named as the web client's menu names it (src/Web/Components/Layout/NavMenu.razor, read as text):
    /// registering for a meeting under "การประชุม" (or through the staff), answering "was it fixed?" on the request's page
    /// under "คำร้องของฉัน", choosing channels on "การรับแจ้งเตือน". No notice speaks of an app: there is none.
    /// </summary>
    [Fact]
    public void Notices_send_people_to_the_web_clients_pages_by_the_names_of_its_menu()
    {
        var menu = File.ReadAllLines(Path.Combine(Root(), "src", "Web", "Components", "Layout", "NavMenu.razor"));
        foreach (var (href, thai, english) in new[]
        {
            ("/meetings", "การประชุม", "Meetings"), ("/requests/mine", "คำร้องของฉัน", "My requests"), ("/preferences", "การรับแจ้งเตือน", "Contact preferences"),
        })
        {
            Assert.Contains(menu, line => line.Contains($"href=\"{href}\"", StringComparison.Ordinal)
                && line.Contains($"L.T(\"{thai}\", \"{english}\")", StringComparison.Ordinal));
        }

        var at = DateTimeOffset.UnixEpoch;
        var answerBy = at.AddDays(37);
        var invitation = Notices.Invitation(new InvitationIssued { InvitationId = Guid.NewGuid(), PersonId = PersonId, Session = Founding(), OccurredAt = at });
        var question = new CaseworkNotices(Templates).FeedbackQuestion(new RequestFeedbackRequested
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0001", CommunityId = Guid.NewGuid(), Category = "drainage", DivisionCode = "public-works",
            Title = "ท่อระบายน้ำอุดตันหน้าตลาด", RequestChannel = "web", SubmitterSubject = "sub-1", Round = 1,
            ResolvedAt = at, AskedAt = at.AddDays(7), AnswerBy = answerBy,
        });
        var linked = Notices.LineWasLinked("sub-1");

        var invited = Render(invitation, Languages.Thai);
        Assert.Contains("ท่านลงทะเบียนได้ที่เว็บไซต์ระบบงานชุมชนของเทศบาล (เข้าสู่ระบบแล้วเลือกเมนู \"การประชุม\") หรือแจ้งเจ้าหน้าที่", invited.Text);
        Assert.Contains("เลือกเมนู &ldquo;การประชุม&rdquo;) หรือแจ้งเจ้าหน้าที่", invited.Html);
        Assert.EndsWith("ลงทะเบียนได้ที่เว็บไซต์ระบบงานชุมชนของเทศบาล เมนู \"การประชุม\" หรือแจ้งเจ้าหน้าที่", invited.Short);

        var asked = Render(question, Languages.Thai);
        var by = DateText.DateAndTime(answerBy, Languages.Thai);
        Assert.Contains("ท่านตอบได้ที่เว็บไซต์ระบบงานชุมชนของเทศบาล โดยเข้าสู่ระบบ เลือกเมนู \"คำร้องของฉัน\" แล้วเปิดคำร้องเลขที่ R2570-0001 ได้ถึง" + by, asked.Text);
        Assert.DoesNotContain("โปรดโทรแจ้ง", asked.Text + asked.Html + asked.Short); // that is for a phoned-in submitter
        Assert.Contains("เลือกเมนู &ldquo;คำร้องของฉัน&rdquo;", asked.Html);
        Assert.Equal("คำร้อง R2570-0001 แก้ไขแล้วจริงหรือไม่? ช่วยยืนยันและให้คะแนน 1–5 ดาว ที่เว็บไซต์ระบบงานชุมชนของเทศบาล เมนู \"คำร้องของฉัน\" ได้ถึง" + by, asked.Short);

        var told = Render(linked, Languages.Thai);
        Assert.Contains("ได้ที่หน้า \"การรับแจ้งเตือน\" ในเว็บไซต์ระบบงานชุมชนของเทศบาล", told.Text);
        Assert.DoesNotContain("การตั้งค่า", told.Text + told.Html);

        foreach (var message in new[] { invited, asked, told })
        {
            Assert.DoesNotContain("แอป", message.Title + message.Text + message.Html + message.Short);
        }

        Assert.Contains("choose \"Meetings\" in the menu", Render(invitation, Languages.English).Text);
        Assert.Contains("choose \"My requests\" in the menu and open request R2570-0001", Render(question, Languages.English).Text);
        Assert.Contains("the \"Contact preferences\" page", Render(linked, Languages.English).Text);
        Assert.DoesNotContain("municipality's app", Render(invitation, Languages.English).Text + Render(invitation, Languages.English).Short);
    }

    /// <summary>The waitlist is "รายชื่อสำรอง" and a place on it "ลำดับสำรองที่ N", in every part of the notice.</summary>
    [Fact]
    public void A_waitlisted_registrant_is_told_their_place_on_the_waitlist_by_one_name()
    {
        var notice = Notices.Waitlisted(new RegistrationWaitlisted
        {
            RegistrationId = Guid.NewGuid(), PersonId = PersonId, Code = "W1", Position = 3, Session = Founding(), OccurredAt = DateTimeOffset.UnixEpoch,
        });

        var th = Render(notice, Languages.Thai);
        Assert.Equal("ท่านอยู่ในรายชื่อสำรอง การอบรมผู้นำชุมชน ครั้งที่ 1", th.Title);
        Assert.Contains("\nที่นั่งในการอบรมผู้นำชุมชน ครั้งที่ 1 เต็มแล้ว ท่านอยู่ในรายชื่อสำรอง (ลำดับสำรองที่ 3)\n", th.Text);
        Assert.Contains("ท่านอยู่ในรายชื่อสำรอง (ลำดับสำรองที่ <strong>3</strong>)", th.Html);
        Assert.Equal("การอบรมผู้นำชุมชน ครั้งที่ 1 เต็มแล้ว ท่านได้ลำดับสำรองที่ 3 รหัส W1", th.Short);
    }
}
