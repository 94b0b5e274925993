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
}
