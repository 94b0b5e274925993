using Municipal.Edge;
using Municipal.Requests.Domain;
using static Municipal.Requests.Domain.RequestStatus;

namespace Municipal.Requests.Tests.Domain;

/// <summary>The life cycle of a request, without a host or a database.</summary>
public sealed class RequestWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    public static TheoryData<RequestStatus, RequestStatus> LegalMoves => new()
    {
        { Submitted, Triaged }, { Submitted, Rejected }, { Submitted, Duplicate },
        { Triaged, InProgress }, { Triaged, NeedsBudget }, { Triaged, Resolved }, { Triaged, Rejected }, { Triaged, Duplicate },
        { InProgress, Resolved }, { InProgress, NeedsBudget },
        { NeedsBudget, ProposedForPlan }, { NeedsBudget, Rejected },
        { ProposedForPlan, Rejected },
        { Resolved, Closed }, { Resolved, InProgress },
    };

    public static TheoryData<RequestStatus, RequestStatus> IllegalMoves => new()
    {
        { Submitted, InProgress }, { Submitted, Resolved }, { Submitted, NeedsBudget }, { Submitted, Closed },
        { Triaged, ProposedForPlan }, { InProgress, Triaged }, { NeedsBudget, InProgress },
        { Closed, InProgress }, { Rejected, Triaged }, { Duplicate, Submitted }, { Resolved, Rejected },
    };

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void Staff_who_work_a_request_make_every_move_of_the_life_cycle(RequestStatus from, RequestStatus to) =>
        Assert.Equal(TransitionVerdict.Allowed, RequestWorkflow.Decide(from, to, Party.Worker, Now.AddDays(-1), Now).Verdict);

    [Theory]
    [InlineData(InProgress)]
    [InlineData(Resolved)]
    public void A_request_in_the_plan_follows_its_project_so_staff_do_not_move_it_there_by_hand(RequestStatus to)
    {
        var byHand = RequestWorkflow.Decide(ProposedForPlan, to, Party.Worker, null, Now);
        Assert.Equal(TransitionVerdict.NotAllowed, byHand.Verdict);
        Assert.Equal([Rejected], byHand.Allowed);
        Assert.Contains("project", byHand.Reason);
        Assert.Equal(TransitionVerdict.Allowed, RequestWorkflow.Decide(ProposedForPlan, to, Party.System, null, Now).Verdict);
    }

    [Fact]
    public void What_a_caller_may_do_now_is_what_the_client_offers()
    {
        Assert.Equal([Triaged, Rejected, Duplicate], RequestWorkflow.AllowedFor(Submitted, Party.Worker, null, Now));
        Assert.Empty(RequestWorkflow.AllowedFor(Submitted, Party.Submitter, null, Now));
        Assert.Equal([Closed, InProgress], RequestWorkflow.AllowedFor(Resolved, Party.Submitter, Now.AddDays(-1), Now));
        Assert.Equal([Closed], RequestWorkflow.AllowedFor(Resolved, Party.Submitter, Now.AddDays(-20), Now));
        Assert.Equal([Rejected], RequestWorkflow.AllowedFor(ProposedForPlan, Party.Worker, null, Now));
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void An_illegal_move_is_refused_naming_the_moves_that_are_allowed(RequestStatus from, RequestStatus to)
    {
        var decision = RequestWorkflow.Decide(from, to, Party.Worker, Now.AddDays(-1), Now);
        Assert.Equal(TransitionVerdict.NotAllowed, decision.Verdict);
        Assert.Equal(RequestWorkflow.Next(from), decision.Allowed);
        Assert.Contains(to.ToCode(), decision.Reason);
    }

    [Theory]
    [InlineData(Closed)]
    [InlineData(Rejected)]
    [InlineData(Duplicate)]
    public void Closed_rejected_and_duplicate_are_final(RequestStatus final) => Assert.Empty(RequestWorkflow.Next(final));

    [Fact]
    public void The_submitter_reopens_a_resolved_request_within_14_days_but_not_after()
    {
        var resolvedAt = Now.AddDays(-14);
        Assert.Equal(TransitionVerdict.Allowed, RequestWorkflow.Decide(Resolved, InProgress, Party.Submitter, resolvedAt, Now).Verdict);

        var late = RequestWorkflow.Decide(Resolved, InProgress, Party.Submitter, resolvedAt.AddSeconds(-1), Now);
        Assert.Equal(TransitionVerdict.NotAllowed, late.Verdict);
        Assert.Contains("14 days", late.Reason);
        Assert.Equal([Closed], late.Allowed); // confirming it fixed is still open to them
    }

    [Fact]
    public void Staff_may_reopen_a_resolved_request_at_any_time() =>
        Assert.Equal(TransitionVerdict.Allowed, RequestWorkflow.Decide(Resolved, InProgress, Party.Worker, Now.AddDays(-200), Now).Verdict);

    [Theory]
    [InlineData(Submitted, Triaged)]
    [InlineData(Triaged, InProgress)]
    [InlineData(InProgress, Resolved)]
    public void The_submitter_does_not_work_their_own_request(RequestStatus from, RequestStatus to) =>
        Assert.Equal(TransitionVerdict.Forbidden, RequestWorkflow.Decide(from, to, Party.Submitter, null, Now).Verdict);

    [Fact]
    public void Someone_with_no_part_in_the_request_is_forbidden_any_move() =>
        Assert.Equal(TransitionVerdict.Forbidden, RequestWorkflow.Decide(Resolved, Closed, Party.None, Now, Now).Verdict);

    [Fact]
    public void A_rejection_needs_a_reason_a_duplicate_its_original_and_a_plan_proposal_its_project()
    {
        Assert.Contains("note", new TransitionCommand(Rejected).Validate().Keys);
        Assert.Contains("duplicateOf", new TransitionCommand(Duplicate).Validate().Keys);
        Assert.Contains("projectId", new TransitionCommand(ProposedForPlan).Validate().Keys);
        Assert.Contains("division", new TransitionCommand(InProgress, DivisionCode: "public-works").Validate().Keys);
        Assert.Empty(new TransitionCommand(Rejected, "อยู่นอกเขตเทศบาล").Validate());
    }

    [Fact]
    public void Applying_moves_records_who_when_from_what_to_what_and_why_and_keeps_the_clocks()
    {
        var request = ServiceRequest.Submit(new RequestSubmission
        {
            CommunityId = Guid.NewGuid(), Category = "road", Title = "ถนนเป็นหลุม", Description = "หลุมลึกหน้าวัด",
        }, RequestCategories.Defaults[0], RequestChannel.Web, new Submitter("resident-1"), Now);
        var staff = new Caller("staff-1", new HashSet<string> { "staff" }, null, "public-works");

        request.Apply(new TransitionCommand(Triaged, "รับเรื่องแล้ว", "public-works"), staff, Now.AddHours(2));
        request.Apply(new TransitionCommand(InProgress), staff, Now.AddHours(5));
        var resolved = request.Apply(new TransitionCommand(Resolved, "ซ่อมแล้ว"), staff, Now.AddDays(3));

        Assert.Equal(Now.AddHours(2), request.FirstRespondedAt);
        Assert.Equal(Now.AddHours(2), request.AssignedAt);
        Assert.Equal(Now.AddDays(3), request.ResolvedAt);
        Assert.Equal(InProgress, resolved.From);
        Assert.Equal(Resolved, resolved.To);
        Assert.Equal("staff-1", resolved.ActorSubject);
        Assert.Equal("staff", resolved.ActorRole);
        Assert.Equal("ซ่อมแล้ว", resolved.Note);
        Assert.Equal(4, request.History.Count);

        request.Apply(new TransitionCommand(InProgress, "ยังมีน้ำขัง"), new Caller("resident-1", new HashSet<string> { "resident" }, null, null), Now.AddDays(4));
        Assert.Null(request.ResolvedAt); // reopened
        Assert.Equal(Now.AddHours(2), request.FirstRespondedAt); // the first response stays the first
    }

    [Fact]
    public void A_move_the_graph_does_not_have_cannot_be_applied_even_by_mistake()
    {
        var request = ServiceRequest.Submit(new RequestSubmission
        {
            CommunityId = Guid.NewGuid(), Category = "road", Title = "t", Description = "d",
        }, RequestCategories.Defaults[0], RequestChannel.Web, new Submitter("s"), Now);
        Assert.Throws<InvalidOperationException>(() => request.Apply(new TransitionCommand(Closed), Actors.System, Now));
    }

    [Fact]
    public void Every_state_has_a_kebab_case_code_that_parses_back()
    {
        Assert.Equal("proposed-for-plan", ProposedForPlan.ToCode());
        Assert.All(Enum.GetValues<RequestStatus>(), s => Assert.True(RequestStatuses.TryParse(s.ToCode(), out var back) && back == s));
        Assert.False(RequestStatuses.TryParse("fixed", out _));
    }

    [Theory]
    [InlineData(Submitted, "open")]
    [InlineData(NeedsBudget, "open")]
    [InlineData(ProposedForPlan, "open")]
    [InlineData(Resolved, "closed")]
    [InlineData(Rejected, "closed")]
    [InlineData(Duplicate, "closed")]
    [InlineData(Closed, "closed")]
    public void Open311_sees_open_or_closed(RequestStatus status, string open311) => Assert.Equal(open311, status.ToOpen311());
}
