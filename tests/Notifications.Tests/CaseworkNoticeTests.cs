using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Tests.Support;

namespace Municipal.Notifications.Tests;

/// <summary>Requests' casework events: whom the question about the fix, and its answer, reach.</summary>
public sealed class CaseworkNoticeTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private static RequestFeedbackRequested Question(string? subject, Guid? personId = null) => new()
    {
        RequestId = Guid.NewGuid(), Number = "R2570-0A1B2C3D", CommunityId = Guid.NewGuid(), Category = "drainage", DivisionCode = "public-works",
        Title = "ท่อระบายน้ำอุดตัน", RequestChannel = "web", SubmitterSubject = subject, SubmitterPersonId = personId, Round = 1,
        ResolvedAt = DateTimeOffset.UtcNow.AddDays(-7), AskedAt = DateTimeOffset.UtcNow, AnswerBy = DateTimeOffset.UtcNow.AddDays(30),
    };

    [Fact]
    public async Task The_question_about_the_fix_reaches_the_submitter_on_their_own_channel_once_per_round()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "fb-line", channel: "line", line: "U-fb-line"));
        var question = Question("fb-line");

        await factory.PublishAsync(question);
        await factory.PublishAsync(question); // replayed under a new message id
        var deliveries = await factory.DeliveriesAsync(person.PersonId);

        Assert.Equal(["in-app", "line"], deliveries.Where(d => d.Kind == "request-feedback-requested").Select(d => d.Channel).Order());
        var inApp = deliveries.Single(d => d.Channel == "in-app" && d.Kind == "request-feedback-requested");
        Assert.Equal($"/requests/{question.RequestId}#feedback", inApp.Link);
        Assert.Contains("R2570-0A1B2C3D", inApp.Title);
        Assert.Contains("1–5", inApp.Body);

        await factory.PublishAsync(question with { Round = 2, AskedAt = question.AskedAt.AddDays(20) });
        Assert.Equal(4, (await factory.DeliveriesAsync(person.PersonId)).Count(d => d.Kind == "request-feedback-requested"));
    }

    [Fact]
    public async Task A_phoned_in_submitter_is_asked_through_the_registrys_person()
    {
        var person = await factory.KnowAsync(Events.Person(subject: null, channel: "sms", phone: "+66812345678"));
        await factory.PublishAsync(Question(null, person.PersonId));
        var delivery = Assert.Single(await factory.DeliveriesAsync(person.PersonId));
        Assert.Equal(("sms", "request-feedback-requested"), (delivery.Channel, delivery.Kind));
        // They have no sign-in to answer on the web with: the text tells them to call, and does not send them to a
        // website menu they cannot use.
        Assert.Contains("โปรดโทรแจ้งเทศบาลเมืองกำแพงเพชร", delivery.ShortText);
        Assert.DoesNotContain("คำร้องของฉัน", delivery.ShortText);
        Assert.DoesNotContain("คำร้องของฉัน", delivery.Body);
    }

    [Fact]
    public async Task A_submitter_with_a_sign_in_is_told_where_to_answer_and_until_when()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "fb-web", channel: "sms", phone: "+66812345670"));
        await factory.PublishAsync(Question("fb-web"));
        var sms = (await factory.DeliveriesAsync(person.PersonId)).Single(d => d.Channel == "sms" && d.Kind == "request-feedback-requested");
        Assert.Contains("เมนู \"คำร้องของฉัน\" ได้ถึง", sms.ShortText);
        Assert.DoesNotContain("โปรดโทรแจ้ง", sms.ShortText);
    }

    [Fact]
    public async Task The_answer_reaches_the_divisions_shared_inbox()
    {
        var recorded = new RequestFeedbackRecorded
        {
            FeedbackId = Guid.NewGuid(), RequestId = Guid.NewGuid(), Number = "R2570-0F0F0F0F", CommunityId = Guid.NewGuid(), Category = "road",
            DivisionCode = "public-works", Round = 1, Fixed = false, Rating = 1, Channel = "line", Reopened = true, GivenAt = DateTimeOffset.UtcNow,
        };

        await factory.PublishAsync(recorded);

        var delivery = await factory.DbAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.EventKey == $"request-feedback-recorded:{recorded.FeedbackId}"));
        Assert.Equal("division:public-works", delivery.SharedMailbox);
        Assert.Contains("ยังไม่ได้รับการแก้ไข", delivery.Title);
    }

    private async Task<(PersonRegistered Head, Guid DivisionId)> HeadAsync(string subject)
    {
        var divisionId = Guid.NewGuid();
        var head = await factory.KnowAsync(Events.Person(subject: subject, channel: "email", email: $"{subject}@example.th"));
        await factory.PublishAsync(new OfficeAssigned
        {
            OfficeId = Guid.NewGuid(), PersonId = head.PersonId, Role = "division-head", DivisionId = divisionId,
            StartDate = new DateOnly(2020, 1, 1), OccurredAt = DateTimeOffset.UtcNow,
        });
        return (head, divisionId);
    }

    private static RequestEscalated Escalation(Guid divisionId, string level) => new()
    {
        RequestId = Guid.NewGuid(), Number = "R2570-0E5CA1A7", Title = "ขยะไม่ได้เก็บ", Category = "waste", CommunityId = Guid.NewGuid(),
        DivisionCode = "public-health", DivisionId = divisionId, Threshold = "first-response", Level = level,
        DueAt = DateTimeOffset.UtcNow.AddHours(-1), EscalatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task An_escalation_reaches_the_divisions_inbox_and_its_head_on_their_channel_and_the_second_one_the_head_alone()
    {
        var (head, divisionId) = await HeadAsync("esc-head");
        var first = Escalation(divisionId, "division");
        await factory.PublishAsync(first);
        await factory.PublishAsync(first); // replayed

        var toDivision = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.EventKey.StartsWith($"request-escalated:{first.RequestId}")).ToListAsync());
        Assert.Equal(["division:public-health"], toDivision.Where(d => d.SharedMailbox != null).Select(d => d.SharedMailbox));
        Assert.Equal(["email", "in-app"], toDivision.Where(d => d.PersonId == head.PersonId).Select(d => d.Channel).Order());
        Assert.Contains("เกินกำหนด", toDivision[0].Title);

        var second = first with { Level = "head", EscalatedAt = first.EscalatedAt.AddDays(2) };
        await factory.PublishAsync(second);
        var all = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.EventKey.StartsWith($"request-escalated:{first.RequestId}")).ToListAsync());
        var headOnly = all.Where(d => d.Kind == "request-escalated-head").ToList();
        Assert.Equal(2, headOnly.Count);
        Assert.All(headOnly, d => Assert.Equal(head.PersonId, d.PersonId));
    }

    [Fact]
    public async Task The_daily_digest_lists_the_overdue_requests_in_thai_to_the_division_and_its_head()
    {
        var (head, divisionId) = await HeadAsync("digest-head");
        var digest = new DivisionOverdueDigest
        {
            DivisionCode = "public-health", DivisionId = divisionId, Day = new DateOnly(2026, 11, 3), Total = 2, OccurredAt = DateTimeOffset.UtcNow,
            Requests =
            [
                new OverdueRequest { RequestId = Guid.NewGuid(), Number = "R2570-00000001", Title = "ขยะล้นถัง", Category = "waste", Threshold = "first-response", DueAt = DateTimeOffset.UtcNow.AddDays(-1) },
                new OverdueRequest { RequestId = Guid.NewGuid(), Number = "R2570-00000002", Title = "ต้นไม้ใกล้ล้ม", Category = "tree", Threshold = "resolution", DueAt = DateTimeOffset.UtcNow.AddDays(-3) },
            ],
        };

        await factory.PublishAsync(digest);

        var deliveries = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.EventKey == "division-overdue-digest:public-health:2026-11-03").ToListAsync());
        Assert.Contains(deliveries, d => d.SharedMailbox == "division:public-health");
        Assert.Contains(deliveries, d => d.PersonId == head.PersonId);
        var body = deliveries.First(d => d.SharedMailbox != null).Body;
        Assert.Contains("R2570-00000001", body);
        Assert.Contains("R2570-00000002", body);
        Assert.Contains("วันอังคารที่ 3 พฤศจิกายน 2569", body);
    }

    [Fact]
    public async Task A_hand_off_tells_whoever_now_holds_the_request()
    {
        var rerouted = new RequestRerouted
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0000AAAA", Title = "ท่ออุดตัน", Category = "drainage", CommunityId = Guid.NewGuid(),
            FromDivisionCode = "public-works", ToDivisionCode = "public-health", Reason = "ต้นไม้ล้มทับท่อ", ReroutedAt = DateTimeOffset.UtcNow,
        };
        await factory.PublishAsync(rerouted);
        var toDivision = await factory.DbAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.EventKey.StartsWith($"request-rerouted:{rerouted.RequestId}")));
        Assert.Equal("division:public-health", toDivision.SharedMailbox);
        Assert.Contains("ต้นไม้ล้มทับท่อ", toDivision.Body);

        var assigned = new RequestAssignedToOfficer
        {
            RequestId = rerouted.RequestId, Number = rerouted.Number, Title = rerouted.Title, Category = "drainage", DivisionCode = "public-health",
            OfficerSubject = "officer-handoff", AssignedBySubject = "lead-handoff", AssignedAt = DateTimeOffset.UtcNow,
        };
        await factory.PublishAsync(assigned);
        var toOfficer = await factory.DbAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.EventKey.StartsWith($"request-assigned:{rerouted.RequestId}")));
        Assert.Equal(("officer-handoff", "request-assigned-officer"), (toOfficer.RecipientSubject, toOfficer.Kind));
    }
}
