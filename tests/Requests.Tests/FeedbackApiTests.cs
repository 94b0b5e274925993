using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>A clocked host whose background checks do not run by themselves: the tests run them, and count.</summary>
public sealed class CaseworkFactory : ClockedRequestsFactory
{
    public CaseworkFactory()
    {
        Settings["Requests:Casework:Enabled"] = "false";
    }

    public Task<int> AskAsync() => WithScopeAsync(s => s.GetRequiredService<FeedbackQuestions>().RunAsync(CancellationToken.None));

    public Task<T> DbAsync<T>(Func<RequestsDbContext, Task<T>> query) => WithScopeAsync(s => query(s.GetRequiredService<RequestsDbContext>()));
}

/// <summary>Proof of the fix through the API: the question after a resolution, the web answer, and the answer relayed from a chat.</summary>
public sealed class FeedbackApiTests(CaseworkFactory factory) : IClassFixture<CaseworkFactory>
{
    private async Task<(Guid Id, HttpClient Submitter, HttpClient Staff)> ResolvedAsync(string who)
    {
        var community = await factory.KnownCommunityAsync();
        var submitter = factory.LongLivedClientAs($"resident-{who}", ["resident"]);
        var staff = factory.LongLivedClientAs($"staff-{who}", ["staff"]);
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "in-progress", "resolved" })
        {
            using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        return (id, submitter, staff);
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, Guid id, object body) => client.PostAsJsonAsync($"/api/requests/{id}/feedback", body);

    private static async Task<bool> MayAnswerAsync(HttpClient reader, Guid id) =>
        (await reader.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("feedback").GetProperty("mayAnswer").GetBoolean();

    [Fact]
    public async Task The_submitter_is_asked_once_a_week_after_the_resolution_and_the_question_says_until_when_an_answer_counts()
    {
        var (id, submitter, _) = await ResolvedAsync("ask");
        var resolvedAt = factory.Clock.GetUtcNow();

        factory.Clock.Advance(TimeSpan.FromDays(6));
        await factory.AskAsync();
        Assert.Null(await factory.DbAsync(db => db.Requests.Where(r => r.Id == id).Select(r => r.FeedbackAskedAt).SingleAsync()));

        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await factory.AskAsync() >= 1);
        Assert.Equal(0, await factory.AskAsync()); // asked once: a second run at the same moment asks nobody
        var question = await factory.PublishedAsync<RequestFeedbackRequested>(m => m.RequestId == id);
        Assert.Equal(1, question.Round);
        Assert.Equal("resident-ask", question.SubmitterSubject);
        Assert.Equal(resolvedAt.AddDays(37), question.AnswerBy);
        Assert.Single(factory.Harness.Published.Select<RequestFeedbackRequested>(m => m.Context.Message.RequestId == id));

        var view = await submitter.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        var feedback = view.GetProperty("feedback");
        Assert.Equal(1, feedback.GetProperty("round").GetInt32());
        Assert.True(feedback.GetProperty("open").GetBoolean());
        Assert.Equal(JsonValueKind.Null, feedback.GetProperty("given").ValueKind);
    }

    [Fact]
    public async Task Fixed_with_a_rating_counts_once_and_sending_the_same_answer_again_is_harmless()
    {
        var (id, submitter, staff) = await ResolvedAsync("fixed");
        var feedbackId = Guid.NewGuid();

        using var given = await AnswerAsync(submitter, id, new { @fixed = true, rating = 5, comment = "เรียบร้อยดีมาก", feedbackId });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        using var again = await AnswerAsync(submitter, id, new { @fixed = true, rating = 5, comment = "เรียบร้อยดีมาก", feedbackId });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var other = await ProblemAssert.IsProblemAsync(await AnswerAsync(submitter, id, new { @fixed = false, rating = 1 }), HttpStatusCode.Conflict);
        Assert.Equal("urn:municipal:problem:feedback-given", other.GetProperty("type").GetString());

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("resolved", view.GetProperty("status").GetString());
        var answer = view.GetProperty("feedback").GetProperty("given");
        Assert.Equal(5, answer.GetProperty("rating").GetInt32());
        Assert.Equal("web", answer.GetProperty("channel").GetString());
        Assert.False(view.GetProperty("feedback").GetProperty("open").GetBoolean());
        var recorded = await factory.PublishedAsync<RequestFeedbackRecorded>(m => m.RequestId == id);
        Assert.Equal((feedbackId, true, 5, false, "public-works"), (recorded.FeedbackId, recorded.Fixed, recorded.Rating, recorded.Reopened, recorded.DivisionCode));
        Assert.Equal(1, await factory.DbAsync(db => db.Feedback.CountAsync(f => f.RequestId == id)));
    }

    [Fact]
    public async Task Not_fixed_reopens_the_request_three_weeks_after_its_resolution_and_its_history_says_why()
    {
        var (id, submitter, staff) = await ResolvedAsync("notfixed");
        factory.Clock.Advance(TimeSpan.FromDays(21)); // past the submitter's own 14 days to reopen

        using var given = await AnswerAsync(submitter, id, new { @fixed = false, rating = 2, comment = "น้ำยังท่วมเหมือนเดิม" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("in-progress", view.GetProperty("status").GetString());
        var history = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history");
        var last = history.GetProperty("items").EnumerateArray().Last();
        Assert.Equal(("resolved", "in-progress"), (last.GetProperty("from").GetString(), last.GetProperty("to").GetString()));
        Assert.Equal($"{RequestFeedbacks.ReopenNote}: น้ำยังท่วมเหมือนเดิม", last.GetProperty("note").GetString());
        await factory.PublishedAsync<RequestStatusChanged>(m => m.RequestId == id && m.From == "resolved" && m.To == "in-progress");
        var recorded = await factory.PublishedAsync<RequestFeedbackRecorded>(m => m.RequestId == id);
        Assert.True(recorded.Reopened);

        // Resolved again: a second round, asked again.
        using var resolved = await RequestsFactory.TransitionAsync(staff, id, new { to = "resolved" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        factory.Clock.Advance(TimeSpan.FromDays(7));
        await factory.AskAsync();
        Assert.Equal(2, (await factory.PublishedAsync<RequestFeedbackRequested>(m => m.RequestId == id && m.Round == 2)).Round);
    }

    [Fact]
    public async Task Only_the_submitter_answers_and_only_about_a_resolved_request_in_time()
    {
        var community = await factory.KnownCommunityAsync();
        using var submitter = factory.LongLivedClientAs("resident-who", ["resident"]);
        using var stranger = factory.LongLivedClientAs("resident-stranger", ["resident"]);
        // A leader the registry vouches for: the request is theirs to see, yet only its submitter answers.
        await factory.RegistryOfficeAsync(await factory.RegistryPersonAsync("leader-who"), community, new DateOnly(2020, 1, 1), end: null);
        using var leader = factory.LongLivedClientAs("leader-who", ["community-leader"], community);
        using var staff = factory.LongLivedClientAs("staff-who", ["staff"]);
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();

        var early = await ProblemAssert.IsProblemAsync(await AnswerAsync(submitter, id, new { @fixed = true }), HttpStatusCode.Conflict);
        Assert.Equal(("urn:municipal:problem:feedback-not-open", "not-resolved", "submitted"),
            (early.GetProperty("type").GetString(), early.GetProperty("reason").GetString(), early.GetProperty("currentStatus").GetString()));
        foreach (var to in new[] { "triaged", "resolved" })
        {
            using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to });
        }

        await ProblemAssert.IsProblemAsync(await AnswerAsync(stranger, id, new { @fixed = true }), HttpStatusCode.NotFound);
        var notTheirs = await ProblemAssert.IsProblemAsync(await AnswerAsync(leader, id, new { @fixed = true }), HttpStatusCode.Forbidden);
        Assert.Equal("urn:municipal:problem:not-the-submitter", notTheirs.GetProperty("type").GetString());
        var invalid = await ProblemAssert.IsProblemAsync(await AnswerAsync(submitter, id, new { rating = 6 }), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("rating", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("fixed", out _));

        factory.Clock.Advance(TimeSpan.FromDays(38));
        var late = await ProblemAssert.IsProblemAsync(await AnswerAsync(submitter, id, new { @fixed = true, rating = 3 }), HttpStatusCode.Conflict);
        Assert.Equal("too-late", late.GetProperty("reason").GetString());
        Assert.Equal(0, await factory.DbAsync(db => db.Feedback.CountAsync(f => f.RequestId == id)));
    }

    [Fact]
    public async Task The_feedback_says_whether_this_reader_may_answer_the_submitter_while_open_and_no_one_else()
    {
        var community = await factory.KnownCommunityAsync();
        using var submitter = factory.LongLivedClientAs("resident-may", ["resident"]);
        // A leader the registry vouches for sees the request but would be refused 403 not-the-submitter: not offered the question.
        await factory.RegistryOfficeAsync(await factory.RegistryPersonAsync("leader-may"), community, new DateOnly(2020, 1, 1), end: null);
        using var leader = factory.LongLivedClientAs("leader-may", ["community-leader"], community);
        using var staff = factory.LongLivedClientAs("staff-may", ["staff"]);
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "resolved" })
        {
            using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        Assert.True(await MayAnswerAsync(submitter, id));
        Assert.False(await MayAnswerAsync(leader, id));
        Assert.False(await MayAnswerAsync(staff, id));
        // What mayAnswer promised holds: the leader is refused, the submitter's answer counts, and then no one may answer.
        await ProblemAssert.IsProblemAsync(await AnswerAsync(leader, id, new { @fixed = true }), HttpStatusCode.Forbidden);
        using var given = await AnswerAsync(submitter, id, new { @fixed = true, rating = 4 });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        Assert.False(await MayAnswerAsync(submitter, id));
    }

    [Fact]
    public async Task Staff_write_down_the_answer_of_a_resident_who_phoned_the_request_in_and_only_for_such_a_request()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.LongLivedClientAs("staff-phoned", ["staff"]);
        using var executive = factory.LongLivedClientAs("executive-phoned", ["executive"]);
        var id = (await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = community, category = "lighting", title = "ไฟทางดับหน้าตลาด", description = "ดับมาสามคืน",
            channel = "phone", submitter = new { name = "นางสมศรี ทดสอบ", phone = "0815550000" },
        })).GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "resolved" })
        {
            using var moved = await RequestsFactory.TransitionAsync(staff, id, new { to });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        // The resident has no sign-in and is told to call: staff who take the call may write the answer down; an executive may not.
        Assert.True(await MayAnswerAsync(staff, id));
        Assert.False(await MayAnswerAsync(executive, id));
        await ProblemAssert.IsProblemAsync(await AnswerAsync(executive, id, new { @fixed = true }), HttpStatusCode.Forbidden);

        factory.Clock.Advance(TimeSpan.FromDays(8)); // the resident calls back after the question
        using var given = await AnswerAsync(staff, id, new { @fixed = false, rating = 2, comment = "ยังดับอยู่ดวงหนึ่ง" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        Assert.Equal("phone", (await given.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channel").GetString());
        var recorded = await factory.PublishedAsync<RequestFeedbackRecorded>(m => m.RequestId == id);
        Assert.Equal(("phone", true, 2), (recorded.Channel, recorded.Reopened, recorded.Rating));
        // The answer is the resident's (no respondent is named); the reopen it made is the staff member's act in the history.
        Assert.Null(await factory.DbAsync(db => db.Feedback.Where(f => f.RequestId == id).Select(f => f.RespondentSubject).SingleAsync()));
        var last = (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/history")).GetProperty("items").EnumerateArray().Last();
        Assert.Equal(("in-progress", $"{RequestFeedbacks.ReopenNote}: ยังดับอยู่ดวงหนึ่ง"), (last.GetProperty("to").GetString(), last.GetProperty("note").GetString()));
        Assert.False(await MayAnswerAsync(staff, id)); // reopened: nothing to answer until it is resolved again
    }

    [Fact]
    public async Task An_answer_from_a_chat_relayed_by_notifications_reopens_once_however_often_it_arrives()
    {
        var (id, _, _) = await ResolvedAsync("line");
        var given = new RequestFeedbackGiven
        {
            FeedbackId = Guid.NewGuid(), RequestId = id, Round = 1, Fixed = false, Rating = 1, Channel = "line",
            RespondentSubject = "resident-line", GivenAt = factory.Clock.GetUtcNow(),
        };

        await factory.Harness.Bus.Publish(given);
        await factory.Harness.Bus.Publish(given); // the same answer under a new message id
        var recorded = await factory.PublishedAsync<RequestFeedbackRecorded>(m => m.RequestId == id);
        Assert.Equal(("line", true), (recorded.Channel, recorded.Reopened));
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<RequestFeedbackGiven>(m => m.Context.Message.RequestId == id).Count() == 2),
            what: "both copies consumed");
        Assert.Equal(1, await factory.DbAsync(db => db.Feedback.CountAsync(f => f.RequestId == id)));
        Assert.Equal(1, await factory.DbAsync(db => db.Requests.Where(r => r.Id == id).Select(r => r.ReopenCount).SingleAsync()));
        Assert.Single(factory.Harness.Published.Select<RequestFeedbackRecorded>(m => m.Context.Message.RequestId == id));
    }

    [Fact]
    public async Task An_answer_relayed_for_someone_other_than_the_submitter_does_not_count()
    {
        var (id, _, _) = await ResolvedAsync("impostor");
        var given = new RequestFeedbackGiven
        {
            FeedbackId = Guid.NewGuid(), RequestId = id, Fixed = false, Channel = "line", RespondentSubject = "someone-else", GivenAt = factory.Clock.GetUtcNow(),
        };

        await factory.Harness.Bus.Publish(given);
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<RequestFeedbackGiven>(m => m.Context.Message.FeedbackId == given.FeedbackId).Any()),
            what: "the answer consumed");
        Assert.False(factory.Harness.Consumed.Select<RequestFeedbackGiven>(m => m.Context.Message.FeedbackId == given.FeedbackId).Single().Exception is not null);
        Assert.Equal(0, await factory.DbAsync(db => db.Feedback.CountAsync(f => f.RequestId == id)));
        Assert.Equal("Resolved", (await factory.DbAsync(db => db.Requests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync())).ToString());
    }

    [Fact]
    public async Task Statistics_give_the_reopen_rate_and_the_ratings_per_division_and_category()
    {
        var (fine, fineSubmitter, _) = await ResolvedAsync("stats-fine");
        var (bad, badSubmitter, staff) = await ResolvedAsync("stats-bad");
        using var a = await AnswerAsync(fineSubmitter, fine, new { @fixed = true, rating = 5 });
        using var b = await AnswerAsync(badSubmitter, bad, new { @fixed = false, rating = 2 });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (a.StatusCode, b.StatusCode));

        var community = (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{fine}")).GetProperty("communityId").GetGuid();
        var stats = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/stats?community={community}");
        var drainage = stats.GetProperty("byCategory").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "drainage");
        Assert.Equal(1, drainage.GetProperty("count").GetInt32()); // one request per community here
        var works = await staff.GetFromJsonAsync<JsonElement>("/api/requests/stats?division=public-works");
        var division = works.GetProperty("byDivision").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "public-works");
        Assert.True(division.GetProperty("answers").GetInt32() >= 2);
        Assert.True(division.GetProperty("reopenRate").GetDouble() > 0);
        Assert.True(division.GetProperty("averageRating").GetDouble() is > 1 and < 5);
        var badStats = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/stats?community={(await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{bad}")).GetProperty("communityId").GetGuid()}");
        var overall = badStats.GetProperty("overall");
        Assert.Equal((1.0, 1, 1.0, 2.0), (overall.GetProperty("reopenRate").GetDouble(), overall.GetProperty("answers").GetInt32(),
            overall.GetProperty("notFixedShare").GetDouble(), overall.GetProperty("averageRating").GetDouble()));
    }

    [Fact]
    public async Task Erasing_the_submitter_keeps_the_answer_counted_without_who_gave_it_or_the_phone_in_their_comment()
    {
        var (id, submitter, _) = await ResolvedAsync("erased");
        using var given = await AnswerAsync(submitter, id, new { @fixed = true, rating = 4, comment = "ขอบคุณครับ โทร 081-234-5678 ได้" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);

        await factory.Harness.Bus.Publish(new PersonErased { PersonId = Guid.NewGuid(), Subject = "resident-erased", OccurredAt = factory.Clock.GetUtcNow() });

        var answer = await Eventually.GetAsync(() => factory.DbAsync(db => db.Feedback.AsNoTracking().FirstOrDefaultAsync(f => f.RequestId == id && f.RespondentSubject == null)),
            what: "the answer without its respondent");
        Assert.Equal("ขอบคุณครับ โทร [ซ่อนเบอร์โทรศัพท์] ได้", answer!.Comment);
        Assert.Equal(4, answer.Rating);
    }
}
