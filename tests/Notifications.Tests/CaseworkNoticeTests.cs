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
}
