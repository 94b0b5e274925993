using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain.Line;
using Municipal.Testing;
using System.Text.Json.Nodes;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The LINE chat against a fake LINE platform: the PDPA notice first, a report step by step to the event Requests takes
/// in, the number in the answer, a pin outside, cancel, expiry, "me too", "เรื่องของฉัน", erasure, and LINE's redelivery.
/// </summary>
public sealed partial class LineChatTests(LineChatFactory factory) : IClassFixture<LineChatFactory>
{
    private FakeLinePlatform Line => factory.Line;

    /// <summary>Sends one event and waits for the bot's next message that matches.</summary>
    private async Task<FakeLinePlatform.BotMessage> SayAsync(string user, JsonObject e, Func<FakeLinePlatform.BotMessage, bool> expect, string what)
    {
        var before = Line.MessagesTo(user).Count;
        await factory.SendAsync(e);
        return await Line.NextAsync(user, expect, before, what: what);
    }

    /// <summary>A new LINE user who has agreed to the notice and is asked for the kind of problem.</summary>
    private async Task<string> ReporterAsync()
    {
        var user = FakeLinePlatform.NewUserId();
        var notice = await SayAsync(user, Line.Text(user, "แจ้งปัญหา"), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the PDPA notice");
        await SayAsync(user, Line.Postback(user, notice.PostbackOf("ยอมรับและแจ้งต่อ")!), m => m.Text.Contains("เรื่องใด"), "the categories");
        return user;
    }

    private static byte[] Jpeg(byte fill) => [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Repeat(fill, 64), 0xFF, 0xD9];

    [Fact]
    public async Task First_contact_tells_what_is_kept_and_why_and_keeps_nothing_until_the_person_agrees()
    {
        var user = FakeLinePlatform.NewUserId();
        var notice = await SayAsync(user, Line.Follow(user), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the PDPA notice");

        Assert.Contains("รูปภาพ ตำแหน่ง", notice.Text);
        Assert.Contains("ลบข้อมูลของฉัน", notice.Text);
        Assert.Equal(["ยอมรับและแจ้งต่อ", "ไม่ยอมรับ"], notice.Labels);
        Assert.False(await factory.DbAsync(db => db.LineReporters.AnyAsync(r => r.LineUserId == user)));

        await SayAsync(user, Line.Postback(user, notice.PostbackOf("ไม่ยอมรับ")!), m => m.Text.Contains("ไม่ได้เก็บข้อมูล"), "the refusal");
        Assert.False(await factory.DbAsync(db => db.LineReporters.AnyAsync(r => r.LineUserId == user)));

        // Asked to report before agreeing: the notice again, whose button goes straight on to the report.
        var again = await SayAsync(user, Line.Text(user, "แจ้งปัญหา"), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the notice again");
        await SayAsync(user, Line.Postback(user, again.PostbackOf("ยอมรับและแจ้งต่อ")!), m => m.Text.Contains("เรื่องใด"), "the categories");
        var reporter = await factory.DbAsync(db => db.LineReporters.SingleAsync(r => r.LineUserId == user));
        Assert.Matches("^line:[a-z2-7]{26}$", reporter.Subject);
    }

    [Fact]
    public async Task A_complete_report_with_two_photos_and_a_pin_becomes_one_event_and_the_answer_carries_its_number()
    {
        var user = await ReporterAsync();
        var category = await SayAsync(user, Line.Postback(user, "category=drainage"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        Assert.Contains("ถ่ายรูป", category.Labels);
        var first = Line.AddContent(Jpeg(1));
        var second = Line.AddContent(Jpeg(2));
        // Two images sent together arrive as two events; the chat answers the last of the set.
        var beforePhotos = Line.MessagesTo(user).Count;
        await factory.SendAsync(Line.ImageSet(user, first, second));
        var photos = await Line.NextAsync(user, m => m.Text.Contains("ได้รับรูปที่ 2"), beforePhotos);
        Assert.Equal(beforePhotos + 1, Line.MessagesTo(user).Count);
        await SayAsync(user, Line.Postback(user, photos.PostbackOf("ถัดไป")!), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        await SayAsync(user, Line.Location(user, 16.4820, 99.5510, "ถนนเทศบาล 1 ตำบลในเมือง"), m => m.Text.Contains("รายละเอียด"), "the description step");
        var before = Line.MessagesTo(user).Count;
        await factory.SendAsync(Line.Text(user, "น้ำขังมา 3 วัน\nส่งกลิ่นเหม็น"));

        var report = await factory.PublishedAsync<LineReportCompleted>(r => r.PhotoMessageIds.Contains(first));
        Assert.Equal("drainage", report.Category);
        Assert.Equal([first, second], report.PhotoMessageIds);
        Assert.Equal(16.4820, report.Latitude);
        Assert.Equal("ถนนเทศบาล 1 ตำบลในเมือง", report.AddressText);
        Assert.Equal("น้ำขังมา 3 วัน\nส่งกลิ่นเหม็น", report.Description);
        Assert.StartsWith("line:", report.ReporterSubject);
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));

        // Requests takes it in within the hold: the answer, a free reply, carries the request number.
        await factory.Harness.Bus.Publish(Submitted(report, "R2570-ABCD1234"));
        var answer = await Line.NextAsync(user, m => m.Text.Contains("ได้รับเรื่อง"), before, what: "the answer");
        Assert.Contains("R2570-ABCD1234", answer.Text);
        Assert.Equal("reply", answer.Via);
        Assert.Equal(before + 1, Line.MessagesTo(user).Count);
    }

    [Fact]
    public async Task Three_images_of_one_set_in_parallel_calls_are_all_taken_and_answered_once_as_when_they_come_one_after_another()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=road"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        var ids = new[] { Line.AddContent(Jpeg(5)), Line.AddContent(Jpeg(6)), Line.AddContent(Jpeg(7)) };
        var images = Line.ImageSet(user, ids);
        var before = Line.MessagesTo(user).Count;

        // LINE sends each image of a set in a call of its own, and does not wait for one call before the next.
        using var client = factory.CreateClient();
        var responses = await Task.WhenAll(images.Select(async image =>
        {
            using var response = await Line.SendAsync(client, LineChatFactory.Webhook, image);
            return (Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True(r.Status is >= 200 and < 300, $"the webhook answered {r.Status}: {r.Body}"));
        var conversation = await factory.DbAsync(db => db.LineConversations.SingleAsync(c => c.LineUserId == user));
        Assert.Equal(ids.Order(), conversation.Photos.Order());
        Assert.Equal(ChatStep.Location, conversation.Step);
        var answer = await Line.NextAsync(user, m => m.Text.Contains("ได้รับรูปครบ 3 รูป"), before, what: "the answer to the set");
        Assert.Contains("ส่งตำแหน่ง", answer.Labels);

        // One answer to the set, as in sequence (was also "ได้รับรูปที่ 1" when the set's last came first); the chat goes on.
        await SayAsync(user, Line.Location(user, 16.4820, 99.5510), m => m.Text.Contains("รายละเอียด"), "the description step");
        Assert.Equal(before + 2, Line.MessagesTo(user).Count);
    }

    [Fact]
    public async Task Images_of_a_set_that_arrive_out_of_order_are_answered_once_when_the_last_of_them_arrives()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=drainage"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        var first = Line.AddContent(Jpeg(8));
        var second = Line.AddContent(Jpeg(9));
        var before = Line.MessagesTo(user).Count;

        var set = Line.ImageSet(user, first, second);
        await factory.SendAsync(set[1]);
        await factory.SendAsync(set[0]);

        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        var answers = Line.MessagesTo(user).Skip(before).Select(m => m.Text).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Contains("ได้รับรูปที่ 2", answers[0]);
        Assert.Equal(2, (await factory.DbAsync(db => db.LineConversations.SingleAsync(c => c.LineUserId == user))).Photos.Count);
    }

    internal static RequestSubmitted Submitted(LineReportCompleted report, string number) => new()
    {
        RequestId = report.ReportId, Number = number, CommunityId = Guid.NewGuid(), Category = report.Category, Title = report.Description ?? "-",
        Channel = "line", SubmitterSubject = report.ReporterSubject, Latitude = report.Latitude, Longitude = report.Longitude, SubmittedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_pin_outside_the_municipality_is_answered_politely_and_a_second_pin_goes_on()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=road"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");

        var outside = await SayAsync(user, Line.Location(user, 13.7563, 100.5018, "กรุงเทพมหานคร"), m => m.Text.Contains("นอกเขตเทศบาล"), "the polite refusal");
        Assert.Contains("ขออภัย", outside.Text);
        Assert.Contains("ส่งตำแหน่ง", outside.Labels);
        Assert.Equal(ChatStep.Location, (await factory.DbAsync(db => db.LineConversations.SingleAsync(c => c.LineUserId == user))).Step);

        await SayAsync(user, Line.Location(user, 16.4790, 99.5470), m => m.Text.Contains("รายละเอียด"), "the description step");
        await factory.SendAsync(Line.Postback(user, "action=skip"));
        var report = await factory.PublishedAsync<LineReportCompleted>(r => r.Latitude == 16.4790);
        Assert.Empty(report.PhotoMessageIds);
        Assert.Null(report.Description);
    }

    [Fact]
    public async Task A_place_in_words_instead_of_a_pin_is_reported_for_staff_to_place()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Text(user, "ไฟส่องสว่าง"), m => m.Text.Contains("ส่งรูป"), "the photo step (a category typed)");
        await SayAsync(user, Line.Text(user, "ถัดไป"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        await SayAsync(user, Line.Text(user, "หน้าวัดคูยาง"), m => m.Text.Contains("รายละเอียด"), "the description step");
        await factory.SendAsync(Line.Text(user, "ข้าม"));

        var report = await factory.PublishedAsync<LineReportCompleted>(r => r.AddressText == "หน้าวัดคูยาง");
        Assert.Equal("lighting", report.Category);
        Assert.Null(report.Latitude);
    }

    [Fact]
    public async Task Cancelling_at_any_step_drops_the_report_and_sends_nothing_to_requests()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=tree"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        await SayAsync(user, Line.Image(user, Line.AddContent(Jpeg(3))), m => m.Text.Contains("ได้รับรูปที่ 1"), "the photo");

        var cancelled = await SayAsync(user, Line.Postback(user, "action=cancel"), m => m.Text.Contains("ยกเลิกการแจ้งเรื่องแล้ว"), "the cancellation");

        Assert.Contains("แจ้งปัญหา", cancelled.Labels);
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        Assert.False(factory.WasPublished<LineReportCompleted>(r => r.ReporterSubject == subject));
    }

    [Fact]
    public async Task A_report_left_half_way_expires_and_the_next_message_says_so()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=waste"), m => m.Text.Contains("ส่งรูป"), "the photo step");

        Line.Advance(TimeSpan.FromMinutes(31));
        var expired = await SayAsync(user, Line.Location(user, 16.4800, 99.5490), m => m.Text.Contains("หมดเวลา"), "the expiry");

        Assert.Contains("ไม่ได้ส่งถึงเทศบาล", expired.Text);
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        Assert.False(factory.WasPublished<LineReportCompleted>(r => r.ReporterSubject == subject));
    }

    [Fact]
    public async Task Text_or_a_sticker_at_the_photo_step_before_any_photo_asks_for_a_photo_again()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=tree"), m => m.Text.Contains("ส่งรูป"), "the photo step");

        var text = await SayAsync(user, Line.Text(user, "ต้นไม้ล้มขวางถนน"), m => m.Text.Contains("ส่งรูป"), "the photo asked again");
        var sticker = Line.Text(user, "-");
        sticker["message"] = new JsonObject { ["type"] = "sticker", ["id"] = "1", ["packageId"] = "446", ["stickerId"] = "1988" };
        var again = await SayAsync(user, sticker, m => m.Text.Contains("ส่งรูป"), "the photo asked again after a sticker");

        foreach (var answer in new[] { text, again })
        {
            Assert.DoesNotContain("ได้รับรูปที่ 0", answer.Text); // was: "ได้รับรูปที่ 0 แล้วครับ"
            Assert.Contains("ข้าม", answer.Labels);
        }

        // After a photo, the answer counts it as before.
        await SayAsync(user, Line.Image(user, Line.AddContent(Jpeg(10))), m => m.Text.Contains("ได้รับรูปที่ 1"), "the photo");
        await SayAsync(user, Line.Text(user, "ต้นไม้ล้ม"), m => m.Text.Contains("ได้รับรูปที่ 1"), "the count again");
    }

    [Fact]
    public async Task An_erasure_left_unconfirmed_expires_with_words_of_its_own_and_nothing_is_erased()
    {
        var user = await ReporterAsync();
        var confirm = await SayAsync(user, Line.Text(user, "ลบข้อมูลของฉัน"), m => m.Text.Contains("ลบข้อมูลของท่านใช่ไหม"), "the confirmation");

        Line.Advance(TimeSpan.FromMinutes(31));
        var expired = await SayAsync(user, Line.Postback(user, confirm.PostbackOf("ยืนยันลบข้อมูล")!), m => m.Text.Contains("หมดเวลา"), "the expiry");

        Assert.Contains("คำขอลบข้อมูล", expired.Text);
        Assert.Contains("ยังไม่ถูกลบ", expired.Text);
        Assert.DoesNotContain("การแจ้งเรื่อง", expired.Text); // was the expiry of a report half-way
        Assert.True(await factory.DbAsync(db => db.LineReporters.AnyAsync(r => r.LineUserId == user)));
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));
    }

    [Fact]
    public async Task Near_an_open_request_of_the_same_kind_me_too_backs_it_instead_of_filing_again()
    {
        var nearby = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestSubmitted
        {
            RequestId = nearby, Number = "R2570-0000BEEF", CommunityId = Guid.NewGuid(), Category = "flooding", Title = "น้ำท่วมซอย 5",
            Channel = "web", SubmitterSubject = "someone-else", Latitude = 16.4850, Longitude = 99.5550, SubmittedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == nearby)), what: "the request's copy");
        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=flooding"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");

        var offer = await SayAsync(user, Line.Location(user, 16.4853, 99.5552), m => m.Text.Contains("R2570-0000BEEF"), "the me-too offer");
        Assert.Contains("ฉันก็เจอ", offer.Labels);
        Assert.Contains("เมตร", offer.Text);
        Assert.DoesNotContain("น้ำท่วมซอย 5", offer.Text); // someone else's words are not shown
        await SayAsync(user, Line.Postback(user, offer.PostbackOf("ฉันก็เจอ")!), m => m.Text.Contains("ขอบคุณ"), "the thanks");

        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        await factory.PublishedAsync<LineSupportGiven>(s => s.RequestId == nearby && s.SupporterSubject == subject);
        Assert.False(factory.WasPublished<LineReportCompleted>(r => r.ReporterSubject == subject));
    }

    [Fact]
    public async Task An_address_only_request_staff_placed_later_is_offered_for_me_too_near_its_new_point()
    {
        var placed = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestSubmitted
        {
            RequestId = placed, Number = "R2570-0000CAFE", Category = "lighting", Title = "ไฟดับหน้าตลาด",
            Channel = "open311", SubmitterSubject = null, SubmittedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == placed)), what: "the request's copy");
        await factory.Harness.Bus.Publish(new RequestPlaced
        {
            RequestId = placed, Number = "R2570-0000CAFE", Category = "lighting", Status = "triaged", CommunityId = Guid.NewGuid(),
            Latitude = 16.4720, Longitude = 99.5420, PlacedBySubject = "staff-1", PlacedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == placed && r.Latitude == 16.4720)), what: "the placed point");

        var user = await ReporterAsync();
        await SayAsync(user, Line.Postback(user, "category=lighting"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        var offer = await SayAsync(user, Line.Location(user, 16.4722, 99.5421), m => m.Text.Contains("R2570-0000CAFE"), "the me-too offer");
        Assert.Contains("ฉันก็เจอ", offer.Labels);
    }

    [Fact]
    public async Task A_redelivered_event_is_handled_once()
    {
        var user = await ReporterAsync();
        var choose = Line.Postback(user, "category=road");
        await SayAsync(user, choose, m => m.Text.Contains("ส่งรูป"), "the photo step");
        var image = Line.Image(user, Line.AddContent(Jpeg(4)));
        await SayAsync(user, image, m => m.Text.Contains("ได้รับรูปที่ 1"), "the photo");
        var count = Line.MessagesTo(user).Count;

        // LINE's call timed out on its side: the same events again, marked as redeliveries.
        using var client = factory.CreateClient();
        using var response = await Line.SendAsync(client, LineChatFactory.Webhook, FakeLinePlatform.Redelivery(choose), FakeLinePlatform.Redelivery(image));
        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains("\"redelivered\":2", await response.Content.ReadAsStringAsync());

        var conversation = await factory.DbAsync(db => db.LineConversations.SingleAsync(c => c.LineUserId == user));
        Assert.Single(conversation.Photos);
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the next step");
        Assert.Equal(count + 1, Line.MessagesTo(user).Count); // nothing answered the redeliveries
    }

    [Fact]
    public async Task My_requests_lists_the_reporters_open_requests_with_their_state_and_note()
    {
        var user = await ReporterAsync();
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        var open = Guid.NewGuid();
        var closed = Guid.NewGuid();
        foreach (var (id, number) in new[] { (open, "R2570-00000001"), (closed, "R2570-00000002") })
        {
            await factory.Harness.Bus.Publish(new RequestSubmitted
            {
                RequestId = id, Number = number, CommunityId = Guid.NewGuid(), Category = "road", Title = "หลุม", Channel = "line",
                SubmitterSubject = subject, SubmittedAt = DateTimeOffset.UtcNow,
            });
        }

        await factory.Harness.Bus.Publish(new RequestStatusChanged
        {
            RequestId = open, Number = "R2570-00000001", Category = "road", From = "submitted", To = "in-progress", Note = "ช่างเข้าพื้นที่พรุ่งนี้",
            SubmitterSubject = subject, ChangedAt = DateTimeOffset.UtcNow.AddSeconds(1),
        });
        await factory.Harness.Bus.Publish(new RequestStatusChanged
        {
            RequestId = closed, Number = "R2570-00000002", Category = "road", From = "submitted", To = "rejected", Note = "อยู่นอกความรับผิดชอบ",
            SubmitterSubject = subject, ChangedAt = DateTimeOffset.UtcNow.AddSeconds(1),
        });
        await Eventually.TrueAsync(async () => await factory.DbAsync(db => db.RequestCopies.CountAsync(r => r.SubmitterSubject == subject && r.Status != "submitted")) == 2,
            what: "both changes in the copy");

        var mine = await SayAsync(user, Line.Text(user, "เรื่องของฉัน"), m => m.Text.Contains("R2570-00000001"), "the list");

        Assert.Contains("กำลังดำเนินการ", mine.Text);
        Assert.Contains("ช่างเข้าพื้นที่พรุ่งนี้", mine.Text);
        Assert.DoesNotContain("R2570-00000002", mine.Text);
    }

    [Fact]
    public async Task A_status_change_is_pushed_on_line_in_thai_with_the_status_note()
    {
        var user = await ReporterAsync();
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());

        await factory.Harness.Bus.Publish(new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0000CAFE", CommunityId = Guid.NewGuid(), Category = "lighting",
            From = "triaged", To = "resolved", Note = "เปลี่ยนหลอดไฟแล้ว", SubmitterSubject = subject, ChangedAt = DateTimeOffset.UtcNow,
        });

        var pushed = await Line.NextAsync(user, m => m.Text.Contains("R2570-0000CAFE"), what: "the status push");
        Assert.Equal("push", pushed.Via);
        Assert.Contains("แก้ไขแล้ว", pushed.Text);
        Assert.Contains("หมายเหตุ: เปลี่ยนหลอดไฟแล้ว", pushed.Text);
    }

    [Fact]
    public async Task An_erased_person_is_no_longer_the_submitter_in_the_copy_the_chat_reads()
    {
        var request = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestSubmitted
        {
            RequestId = request, Number = "R2570-0000E5A5", CommunityId = Guid.NewGuid(), Category = "road", Title = "หลุม", Channel = "web",
            SubmitterSubject = "web-resident-to-erase", SubmittedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request)), what: "the copy");

        await factory.Harness.Bus.Publish(new PersonErased { PersonId = Guid.NewGuid(), Subject = "web-resident-to-erase", OccurredAt = DateTimeOffset.UtcNow });

        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request && r.SubmitterSubject == null)),
            what: "the subject gone from the copy");
    }

    [Fact]
    public async Task A_reporter_who_asks_to_be_erased_is_forgotten_here_and_requests_is_told()
    {
        var user = await ReporterAsync();
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());

        var confirm = await SayAsync(user, Line.Text(user, "ลบข้อมูลของฉัน"), m => m.Text.Contains("ลบข้อมูลของท่านใช่ไหม"), "the confirmation");
        await SayAsync(user, Line.Postback(user, confirm.PostbackOf("ยืนยันลบข้อมูล")!), m => m.Text.Contains("ลบข้อมูลของท่านแล้ว"), "the erasure");

        await factory.PublishedAsync<LineReporterErased>(e => e.ReporterSubject == subject);
        Assert.False(await factory.DbAsync(db => db.LineReporters.AnyAsync(r => r.LineUserId == user || r.Subject == subject)));
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));

        // Nobody to tell any more: a later status change of their request writes no delivery.
        var request = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestStatusChanged
        {
            RequestId = request, Number = "R2570-0000DEAD", Category = "road", From = "submitted", To = "triaged",
            SubmitterSubject = subject, ChangedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request)), what: "the change consumed");
        Assert.False(await factory.DbAsync(db => db.Deliveries.AnyAsync(d => d.RecipientKey.Contains(subject))));
    }

    [Fact]
    public async Task Erasure_deletes_every_answer_the_chat_gave_the_reporter_sent_or_not_and_its_own_once_it_went_out()
    {
        var user = await ReporterAsync();
        await SayAsync(user, Line.Text(user, "เรื่องของฉัน"), m => m.Text.Contains("ยังไม่มีเรื่อง"), "the list");
        var confirm = await SayAsync(user, Line.Text(user, "ลบข้อมูลของฉัน"), m => m.Text.Contains("ลบข้อมูลของท่านใช่ไหม"), "the confirmation");
        await Eventually.TrueAsync(async () => await factory.DbAsync(db => db.LineOutgoing.CountAsync(o => o.LineUserId == user && o.SentAt != null)) >= 4,
            what: "the answers so far sent and kept");

        await SayAsync(user, Line.Postback(user, confirm.PostbackOf("ยืนยันลบข้อมูล")!), m => m.Text.Contains("ลบข้อมูลของท่านแล้ว"), "the erasure");

        // Sent answers held the LINE user id and what they said for a day after erasure; the last answer goes once sent.
        await Eventually.TrueAsync(async () => !await factory.DbAsync(db => db.LineOutgoing.AnyAsync(o => o.LineUserId == user)),
            what: "none of the user's answers left");
    }
}

/// <summary>Requests takes longer than the chat holds its answer: the answer goes out, and the number follows.</summary>
public sealed class LineChatSlowRequestsTests(ShortHoldLineChatFactory factory) : IClassFixture<ShortHoldLineChatFactory>
{
    private FakeLinePlatform Line => factory.Line;

    private async Task<FakeLinePlatform.BotMessage> SayAsync(string user, JsonObject e, Func<FakeLinePlatform.BotMessage, bool> expect, string what)
    {
        var before = Line.MessagesTo(user).Count;
        await factory.SendAsync(e);
        return await Line.NextAsync(user, expect, before, what: what);
    }

    /// <summary>A new LINE user agrees to the notice and reports a problem without photos; returns the chat's answer.</summary>
    private async Task<FakeLinePlatform.BotMessage> ReportAsync(string user, string category, double latitude, double longitude, string description)
    {
        var notice = await SayAsync(user, Line.Text(user, "แจ้งปัญหา"), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the PDPA notice");
        await SayAsync(user, Line.Postback(user, notice.PostbackOf("ยอมรับและแจ้งต่อ")!), m => m.Text.Contains("เรื่องใด"), "the categories");
        await SayAsync(user, Line.Postback(user, $"category={category}"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        await SayAsync(user, Line.Location(user, latitude, longitude), m => m.Text.Contains("รายละเอียด"), "the description step");
        return await SayAsync(user, Line.Text(user, description), m => m.Text.Contains("ได้รับเรื่อง"), "the answer to the report");
    }

    [Fact]
    public async Task When_requests_is_slower_than_the_hold_the_answer_goes_out_and_the_number_follows_as_a_push()
    {
        var user = FakeLinePlatform.NewUserId();
        var answer = await ReportAsync(user, "water", 16.4811, 99.5480, "ท่อประปาแตก");
        Assert.Contains("แจ้งเลขที่เรื่องให้ทราบ", answer.Text);
        Assert.Equal("reply", answer.Via);

        var report = await factory.PublishedAsync<LineReportCompleted>(r => r.Description == "ท่อประปาแตก");
        await factory.Harness.Bus.Publish(LineChatTests.Submitted(report, "R2570-0000F00D"));
        var number = await Line.NextAsync(user, m => m.Text.Contains("R2570-0000F00D"), what: "the number");
        Assert.Equal("push", number.Via);
    }

    [Fact]
    public async Task A_reporter_at_the_daily_limit_is_told_when_they_may_report_again_and_no_report_is_started()
    {
        var user = FakeLinePlatform.NewUserId();
        await ReportAsync(user, "lighting", 16.4815, 99.5470, "ไฟดับทั้งซอย");
        var reporter = await factory.DbAsync(db => db.LineReporters.AsNoTracking().SingleAsync(r => r.LineUserId == user));
        Assert.Equal(1, reporter.ReportsThatDay);

        // This factory allows one report in 24 hours: the second is not started, and they are told until when.
        var limited = await SayAsync(user, Line.Text(user, "แจ้งปัญหา"), m => m.Text.Contains("ครบ 1 เรื่อง"), "the limit");
        Assert.Contains(Municipal.Notifications.Rendering.DateText.DateAndTime(reporter.ReportDayStartedAt!.Value.AddDays(1), "th"), limited.Text);
        Assert.Contains("โทรแจ้งเทศบาล", limited.Text);
        Assert.Equal(["เรื่องของฉัน"], limited.Labels);
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));
        // A category sent anyway (an old button) starts nothing either: without a report it is only the menu.
        await SayAsync(user, Line.Postback(user, "category=road"), m => m.Text.Contains("กด \"แจ้งปัญหา\""), "the menu");
        Assert.False(await factory.DbAsync(db => db.LineConversations.AnyAsync(c => c.LineUserId == user)));
        Assert.Single(factory.Harness.Published.Select<LineReportCompleted>(), m => m.Context.Message.Description == "ไฟดับทั้งซอย");
    }
}
