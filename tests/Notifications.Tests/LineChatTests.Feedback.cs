using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Testing;

namespace Municipal.Notifications.Tests;

// แก้ไขแล้วหรือยัง in the chat: the question, the answer sent on to Requests, and what the chat answers itself.
public sealed partial class LineChatTests
{
    [Fact]
    public async Task Asked_whether_it_was_fixed_a_reporter_answers_not_fixed_in_the_chat_and_requests_gets_that_feedback()
    {
        var user = await ReporterAsync();
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        var request = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestSubmitted
        {
            RequestId = request, Number = "R2570-0000FEED", CommunityId = Guid.NewGuid(), Category = "road", Title = "หลุมหน้าบ้าน",
            Channel = "line", SubmitterSubject = subject, SubmittedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request)), what: "the request's copy");

        await factory.Harness.Bus.Publish(new RequestFeedbackRequested
        {
            RequestId = request, Number = "R2570-0000FEED", CommunityId = Guid.NewGuid(), Category = "road", DivisionCode = "public-works",
            Title = "หลุมหน้าบ้าน", RequestChannel = "line", SubmitterSubject = subject, Round = 2,
            ResolvedAt = DateTimeOffset.UtcNow.AddDays(-7), AskedAt = DateTimeOffset.UtcNow, AnswerBy = DateTimeOffset.UtcNow.AddDays(14),
        });
        var question = await Line.NextAsync(user, m => m.Text.Contains("แก้ไขแล้วหรือยัง"), what: "the question");
        Assert.Equal("push", question.Via);
        Assert.Equal(["5 ดีมาก", "4 ดี", "3 พอใช้", "2 ควรปรับปรุง", "1 ไม่พอใจ", "ยังไม่ได้แก้ไข"], question.Labels);

        var thanks = await SayAsync(user, Line.Postback(user, question.PostbackOf("ยังไม่ได้แก้ไข")!), m => m.Text.Contains("รับคำตอบแล้ว"), "the answer");
        Assert.Contains("R2570-0000FEED", thanks.Text);
        Assert.DoesNotContain("เปิดเรื่อง", thanks.Text); // Requests decides after: the thanks promise no reopening
        var given = await factory.PublishedAsync<RequestFeedbackGiven>(f => f.RequestId == request);
        Assert.False(given.Fixed);
        Assert.Null(given.Rating);
        Assert.Equal(2, given.Round);
        Assert.Equal("line", given.Channel);
        Assert.Equal(subject, given.RespondentSubject);

        // A rating for someone else's request is not theirs to give.
        var stranger = await ReporterAsync();
        await SayAsync(stranger, Line.Postback(stranger, $"feedback={request}&round=2&rating=5"), m => m.Text.Contains("ไม่พบเรื่องนี้"), "the refusal");
        Assert.Single(factory.Harness.Published.Select<RequestFeedbackGiven>(), f => f.Context.Message.RequestId == request);
    }

    /// <summary>A reporter's request, and Requests' question about its fix on their chat.</summary>
    private async Task<(string User, string Subject, Guid Request, FakeLinePlatform.BotMessage Question)> AskedWhetherFixedAsync(
        string number, DateTimeOffset answerBy)
    {
        var user = await ReporterAsync();
        var subject = await factory.DbAsync(db => db.LineReporters.Where(r => r.LineUserId == user).Select(r => r.Subject).SingleAsync());
        var request = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new RequestSubmitted
        {
            RequestId = request, Number = number, CommunityId = Guid.NewGuid(), Category = "road", Title = "หลุมหน้าบ้าน",
            Channel = "line", SubmitterSubject = subject, SubmittedAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request)), what: "the request's copy");
        await factory.Harness.Bus.Publish(new RequestFeedbackRequested
        {
            RequestId = request, Number = number, CommunityId = Guid.NewGuid(), Category = "road", DivisionCode = "public-works",
            Title = "หลุมหน้าบ้าน", RequestChannel = "line", SubmitterSubject = subject, Round = 1,
            ResolvedAt = DateTimeOffset.UtcNow.AddDays(-7), AskedAt = DateTimeOffset.UtcNow.AddDays(-1), AnswerBy = answerBy,
        });
        var question = await Line.NextAsync(user, m => m.Text.Contains("แก้ไขแล้วหรือยัง"), what: "the question");
        return (user, subject, request, question);
    }

    /// <summary>The answers the chat sent on to Requests about a request, as its outbox holds them (written with the reply).</summary>
    private Task<int> FeedbackSentOnAsync(Guid request) => factory.DbAsync(db => db.OutboxMessages.CountAsync(o =>
        o.MessageType == typeof(RequestFeedbackGiven).FullName && o.Payload.Contains(request.ToString())));

    [Fact]
    public async Task A_second_tap_on_the_same_question_is_answered_in_the_chat_without_a_promise_and_not_sent_on()
    {
        var (user, _, request, question) = await AskedWhetherFixedAsync("R2570-0000FEE2", DateTimeOffset.UtcNow.AddDays(13));
        await SayAsync(user, Line.Postback(user, question.PostbackOf("ยังไม่ได้แก้ไข")!), m => m.Text.Contains("รับคำตอบแล้ว"), "the first answer");

        var second = await SayAsync(user, Line.Postback(user, question.PostbackOf("ยังไม่ได้แก้ไข")!), m => m.Text.Contains("R2570-0000FEE2"), "the second answer");
        var third = await SayAsync(user, Line.Postback(user, question.PostbackOf("5 ดีมาก")!), m => m.Text.Contains("R2570-0000FEE2"), "the third answer");

        foreach (var answer in new[] { second, third })
        {
            Assert.Contains("ไว้แล้ว", answer.Text);
            Assert.DoesNotContain("เปิดเรื่อง", answer.Text); // was: "เทศบาลจะเปิดเรื่อง… อีกครั้ง", which Requests then refused
        }

        Assert.Equal(1, await FeedbackSentOnAsync(request));
        Assert.Single(factory.Harness.Published.Select<RequestFeedbackGiven>(), f => f.Context.Message.RequestId == request);
    }

    [Fact]
    public async Task A_round_requests_recorded_an_answer_for_is_not_sent_on_again_from_the_chat()
    {
        var (user, _, request, question) = await AskedWhetherFixedAsync("R2570-0000FEE3", DateTimeOffset.UtcNow.AddDays(13));
        await factory.Harness.Bus.Publish(new RequestFeedbackRecorded
        {
            FeedbackId = Guid.NewGuid(), RequestId = request, Number = "R2570-0000FEE3", Category = "road", DivisionCode = "public-works",
            Round = 1, Fixed = true, Rating = 4, Channel = "web", Reopened = false, GivenAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.RequestCopies.AnyAsync(r => r.Id == request && r.AnsweredRound == 1)),
            what: "the recorded answer in the copy");

        var answer = await SayAsync(user, Line.Postback(user, question.PostbackOf("ยังไม่ได้แก้ไข")!), m => m.Text.Contains("R2570-0000FEE3"), "the answer");

        Assert.Contains("ไว้แล้ว", answer.Text);
        Assert.Equal(0, await FeedbackSentOnAsync(request));
    }

    [Fact]
    public async Task A_tap_after_the_time_to_answer_is_told_so_in_the_chat_and_not_sent_on()
    {
        var (user, _, request, question) = await AskedWhetherFixedAsync("R2570-0000FEE4", DateTimeOffset.UtcNow.AddMinutes(-1));

        var answer = await SayAsync(user, Line.Postback(user, question.PostbackOf("ยังไม่ได้แก้ไข")!), m => m.Text.Contains("R2570-0000FEE4"), "the answer");

        Assert.Contains("เลยเวลาตอบ", answer.Text);
        Assert.DoesNotContain("เปิดเรื่อง", answer.Text);
        Assert.Contains("แจ้งปัญหา", answer.Labels);
        Assert.Equal(0, await FeedbackSentOnAsync(request));
    }
}
