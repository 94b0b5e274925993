using Municipal.Edge;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Tests.Domain;

/// <summary>Proof of the fix: when the submitter is asked, which answers count, and what "not fixed" does. No host.</summary>
public sealed class FeedbackRulesTests
{
    private static readonly DateTimeOffset Resolved = new(2026, 11, 2, 3, 0, 0, TimeSpan.Zero);
    private static readonly FeedbackPolicy Policy = new(TimeSpan.FromDays(7), TimeSpan.FromDays(30));

    private static FeedbackAnswer Answer(bool? fixedIt = true, int? rating = 4, string? comment = null, string channel = "web", int? round = null) =>
        new(Guid.NewGuid(), round, fixedIt, rating, comment, channel, Resolved);

    [Fact]
    public void The_submitter_is_asked_once_the_delay_after_the_resolution_has_passed_and_not_before()
    {
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.Resolved, Resolved, null, true, Resolved.AddDays(7).AddSeconds(-1), Policy));
        Assert.True(FeedbackRules.IsDueToAsk(RequestStatus.Resolved, Resolved, null, true, Resolved.AddDays(7), Policy));
    }

    [Fact]
    public void Nobody_is_asked_twice_about_one_resolution_nor_about_a_request_that_moved_on_nor_when_nobody_can_be_reached()
    {
        var later = Resolved.AddDays(8);
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.Resolved, Resolved, Resolved.AddDays(7), true, later, Policy));
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.InProgress, null, null, true, later, Policy));
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.Closed, Resolved, null, true, later, Policy));
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.Resolved, Resolved, null, submitterCanBeAsked: false, later, Policy));
    }

    [Fact]
    public void A_question_whose_answer_could_no_longer_count_is_not_asked()
    {
        Assert.Equal(Resolved.AddDays(37), Policy.AnswerBy(Resolved));
        Assert.False(FeedbackRules.IsDueToAsk(RequestStatus.Resolved, Resolved, null, true, Resolved.AddDays(37), Policy));
    }

    [Fact]
    public void An_answer_says_whether_it_was_fixed_and_rates_from_1_to_5_or_not_at_all()
    {
        Assert.Empty(FeedbackRules.Validate(Answer(rating: null)));
        Assert.Empty(FeedbackRules.Validate(Answer(rating: 1)));
        Assert.Empty(FeedbackRules.Validate(Answer(rating: 5)));
        Assert.Contains("rating", FeedbackRules.Validate(Answer(rating: 0)).Keys);
        Assert.Contains("rating", FeedbackRules.Validate(Answer(rating: 6)).Keys);
        Assert.Contains("fixed", FeedbackRules.Validate(Answer(fixedIt: null)).Keys);
        Assert.Contains("comment", FeedbackRules.Validate(Answer(comment: new string('ก', 1001))).Keys);
        Assert.Contains("channel", FeedbackRules.Validate(Answer(channel: " ")).Keys);
        Assert.Contains("round", FeedbackRules.Validate(Answer(round: 0)).Keys);
    }

    [Fact]
    public void Fixed_keeps_the_request_resolved_and_not_fixed_reopens_it_even_after_the_submitters_own_14_days()
    {
        var day20 = Resolved.AddDays(20);
        Assert.Equal(FeedbackVerdict.Accepted, FeedbackRules.Decide(RequestStatus.Resolved, 1, Resolved, null, fixedIt: true, alreadyGiven: false, day20, Policy).Verdict);
        Assert.Equal(FeedbackVerdict.Reopens, FeedbackRules.Decide(RequestStatus.Resolved, 1, Resolved, 1, fixedIt: false, alreadyGiven: false, day20, Policy).Verdict);
        // The workflow alone would not let the submitter reopen it now.
        Assert.Equal(TransitionVerdict.NotAllowed, RequestWorkflow.Decide(RequestStatus.Resolved, RequestStatus.InProgress, Party.Submitter, Resolved, day20).Verdict);
    }

    [Theory]
    [InlineData(RequestStatus.InProgress, 1, null, "not-resolved")]
    [InlineData(RequestStatus.Triaged, 0, null, "not-resolved")]
    [InlineData(RequestStatus.Resolved, 2, 1, "round-over")]
    public void Only_the_current_resolution_of_a_resolved_request_takes_an_answer(RequestStatus status, int round, int? answered, string reason)
    {
        var decision = FeedbackRules.Decide(status, round, status == RequestStatus.Resolved ? Resolved : null, answered, true, false, Resolved.AddDays(1), Policy);
        Assert.Equal(FeedbackVerdict.NotOpen, decision.Verdict);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void One_answer_counts_per_resolution_and_none_after_the_answer_window()
    {
        Assert.Equal(FeedbackVerdict.AlreadyGiven, FeedbackRules.Decide(RequestStatus.Resolved, 1, Resolved, null, true, alreadyGiven: true, Resolved.AddDays(8), Policy).Verdict);
        var late = FeedbackRules.Decide(RequestStatus.Resolved, 1, Resolved, null, true, false, Resolved.AddDays(37).AddSeconds(1), Policy);
        Assert.Equal((FeedbackVerdict.NotOpen, "too-late"), (late.Verdict, late.Reason));
    }

    [Fact]
    public void A_request_its_submitter_closed_takes_a_rating_but_is_not_reopened_by_an_answer()
    {
        Assert.Equal(FeedbackVerdict.Accepted, FeedbackRules.Decide(RequestStatus.Closed, 1, Resolved, null, true, false, Resolved.AddDays(8), Policy).Verdict);
        var refused = FeedbackRules.Decide(RequestStatus.Closed, 1, Resolved, null, false, false, Resolved.AddDays(8), Policy);
        Assert.Equal((FeedbackVerdict.NotOpen, "closed"), (refused.Verdict, refused.Reason));
    }

    [Fact]
    public void Each_resolution_starts_a_round_of_its_own_and_a_reopen_is_counted()
    {
        var request = ServiceRequest.Submit(
            new RequestSubmission { CommunityId = Guid.NewGuid(), Category = "road", Title = "หลุมบนถนน", Description = "ลึกมาก" },
            RequestCategories.Defaults.Single(c => c.Code == "road"), RequestChannel.Web, new Submitter("sub-1"), Resolved.AddDays(-3));
        var staff = new Caller("staff-1", new HashSet<string> { "staff" }, null, null);
        foreach (var to in new[] { RequestStatus.Triaged, RequestStatus.InProgress, RequestStatus.Resolved })
        {
            request.Apply(new TransitionCommand(to), staff, Resolved);
        }

        Assert.Equal((1, 0), (request.ResolutionRound, request.ReopenCount));
        request.Apply(new TransitionCommand(RequestStatus.InProgress), staff, Resolved.AddDays(1));
        request.Apply(new TransitionCommand(RequestStatus.Resolved), staff, Resolved.AddDays(2));
        Assert.Equal((2, 1), (request.ResolutionRound, request.ReopenCount));
        Assert.Null(request.FeedbackAskedAt);
    }

    [Fact]
    public void The_reopen_rate_counts_requests_reopened_among_those_resolved_and_ratings_average_only_those_given()
    {
        var summary = FixStatistics.Summarize(
            [(1, 0), (2, 1), (0, 0), (1, 0)],
            [(true, 5), (false, 1), (true, null)]);
        Assert.Equal(3, summary.Resolved);
        Assert.Equal(1, summary.Reopened);
        Assert.Equal(0.3333, summary.ReopenRate);
        Assert.Equal(3, summary.Answers);
        Assert.Equal(0.3333, summary.NotFixedShare);
        Assert.Equal(2, summary.Ratings);
        Assert.Equal(3.0, summary.AverageRating);
        Assert.Equal(new FixSummary(0, 0, null, 0, null, 0, null), FixStatistics.Summarize([], []));
    }
}
