using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.ThaiCalendar;

namespace Municipal.Requests.Tests.Domain;

/// <summary>Escalation, hand-offs, internal notes and "after" photos: the rules, without a host.</summary>
public sealed class CaseworkRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 3, 0, 0, TimeSpan.Zero);
    private static readonly EscalationPolicy Policy = new(TimeSpan.FromDays(2), new TimeOnly(8, 0));
    private static readonly Caller WorksStaff = new("works-1", new HashSet<string> { "staff" }, null, "public-works");
    private static readonly Caller HealthStaff = new("health-1", new HashSet<string> { "staff" }, null, "public-health");
    private static readonly Caller Desk = new("desk-1", new HashSet<string> { "staff" }, null, null);
    private static readonly Caller Executive = new("exec-1", new HashSet<string> { "executive" }, null, null);
    private static readonly Caller Leader = new("leader-1", new HashSet<string> { "community-leader" }, Guid.NewGuid(), null);

    private static ServiceRequest Drainage(params RequestStatus[] moves)
    {
        var request = ServiceRequest.Submit(
            new RequestSubmission { CommunityId = Guid.NewGuid(), Category = "drainage", Title = "ท่ออุดตัน", Description = "น้ำขัง" },
            RequestCategories.Defaults.Single(c => c.Code == "drainage"), RequestChannel.Web, new Submitter("sub-1"), T0);
        foreach (var to in moves)
        {
            request.Apply(new TransitionCommand(to), WorksStaff, T0);
        }

        return request;
    }

    private static IReadOnlyList<EscalationDue> Due(RequestStatus status, DateTimeOffset? responded, DateTimeOffset now) =>
        EscalationRules.Due(status, responded, T0.AddHours(48), T0.AddDays(30), now, Policy);

    [Fact]
    public void A_request_unanswered_past_its_first_response_time_goes_to_its_division_at_once_and_to_the_head_two_days_later()
    {
        Assert.Empty(Due(RequestStatus.Submitted, null, T0.AddHours(48)));
        var late = Due(RequestStatus.Submitted, null, T0.AddHours(49));
        Assert.Equal([new EscalationDue(EscalationThreshold.FirstResponse, EscalationLevel.Division, T0.AddHours(48))], late);
        var later = Due(RequestStatus.Submitted, null, T0.AddHours(96));
        Assert.Equal(
            [new EscalationDue(EscalationThreshold.FirstResponse, EscalationLevel.Division, T0.AddHours(48)),
             new EscalationDue(EscalationThreshold.FirstResponse, EscalationLevel.Head, T0.AddHours(96))], later);
    }

    [Fact]
    public void A_request_answered_in_time_is_escalated_only_when_its_resolution_is_late_and_not_while_it_waits_for_the_plan()
    {
        Assert.Empty(Due(RequestStatus.Triaged, T0.AddHours(1), T0.AddDays(29)));
        Assert.Equal([EscalationThreshold.Resolution], Due(RequestStatus.InProgress, T0.AddHours(1), T0.AddDays(31)).Select(d => d.Threshold));
        Assert.Equal(2, Due(RequestStatus.Triaged, T0.AddHours(1), T0.AddDays(32)).Count);
        Assert.Empty(Due(RequestStatus.NeedsBudget, T0.AddHours(1), T0.AddDays(60)));
        Assert.Empty(Due(RequestStatus.Resolved, T0.AddHours(1), T0.AddDays(60)));
    }

    [Fact]
    public void The_digest_of_a_bangkok_day_is_due_from_its_digest_time_on()
    {
        var day = new DateOnly(2026, 11, 3);
        Assert.Null(EscalationRules.DigestDay(BangkokTime.FromLocal(day, new TimeOnly(7, 59)), Policy));
        Assert.Equal(day, EscalationRules.DigestDay(BangkokTime.FromLocal(day, new TimeOnly(8, 0)), Policy));
        Assert.Equal(day, EscalationRules.DigestDay(BangkokTime.FromLocal(day, new TimeOnly(23, 59)), Policy));
    }

    [Fact]
    public void Staff_who_work_a_request_hand_it_to_another_division_and_nobody_else_does()
    {
        var request = Drainage(RequestStatus.Triaged);
        Assert.Equal(HandoffRefusal.None, HandoffRules.MayReroute(WorksStaff, request, "public-health"));
        Assert.Equal(HandoffRefusal.None, HandoffRules.MayReroute(Desk, request, "public-health"));
        Assert.Equal(HandoffRefusal.NotYourWork, HandoffRules.MayReroute(HealthStaff, request, "clerk-office"));
        Assert.Equal(HandoffRefusal.NotYourWork, HandoffRules.MayReroute(Executive, request, "public-health"));
        Assert.Equal(HandoffRefusal.SameDivision, HandoffRules.MayReroute(WorksStaff, request, "public-works"));
        Assert.Equal(HandoffRefusal.NotOpen, HandoffRules.MayReroute(WorksStaff, Drainage(RequestStatus.Triaged, RequestStatus.Resolved), "public-health"));
    }

    [Fact]
    public void Re_routing_records_the_reason_keeps_the_state_and_ends_the_old_divisions_assignment()
    {
        var request = Drainage(RequestStatus.Triaged, RequestStatus.InProgress);
        request.AssignTo(Officer.Join("works-2", "นายช่าง สอง", "public-works", T0), "ไปดูหน้างาน", WorksStaff, T0.AddHours(1));
        Assert.Equal("works-2", request.AssigneeSubject);

        var entry = request.Reroute("public-health", "  เป็นต้นไม้ล้มทับท่อ  ", WorksStaff, T0.AddHours(2));

        Assert.Equal(("public-health", RequestStatus.InProgress, (string?)null), (request.DivisionCode, request.Status, request.AssigneeSubject));
        Assert.Equal((HistoryKinds.Rerouted, RequestStatus.InProgress, RequestStatus.InProgress), (entry.Kind, entry.From!.Value, entry.To));
        Assert.Equal(("เป็นต้นไม้ล้มทับท่อ", "public-health"), (entry.Note, entry.DivisionCode));
        Assert.False(RequestAccess.CanWork(WorksStaff, request));
        Assert.True(RequestAccess.CanWork(HealthStaff, request));
    }

    [Fact]
    public void A_request_is_assigned_only_to_an_officer_of_its_own_division()
    {
        var request = Drainage(RequestStatus.Triaged);
        Assert.Throws<InvalidOperationException>(() => request.AssignTo(Officer.Join("health-2", null, "public-health", T0), null, WorksStaff, T0));
        var entry = request.AssignTo(Officer.Join("works-3", "นางสาวสาม", "public-works", T0), null, WorksStaff, T0);
        Assert.Equal((HistoryKinds.Assigned, "นางสาวสาม"), (entry.Kind, entry.AssigneeName));
        Assert.Null(request.AssignTo(null, null, WorksStaff, T0).AssigneeName);
        Assert.Null(request.AssigneeSubject);
    }

    [Fact]
    public void Only_staff_use_internal_notes()
    {
        Assert.True(HandoffRules.MayUseNotes(WorksStaff));
        Assert.True(HandoffRules.MayUseNotes(new Caller("admin-1", new HashSet<string> { "admin" }, null, null)));
        Assert.False(HandoffRules.MayUseNotes(Executive));
        Assert.False(HandoffRules.MayUseNotes(Leader));
        Assert.Contains("text", RequestNote.Validate(" ").Keys);
        Assert.Contains("text", RequestNote.Validate(new string('ก', RequestNote.TextMaxLength + 1)).Keys);
        Assert.Empty(RequestNote.Validate("โทรหาผู้รับเหมาแล้ว"));
    }

    [Fact]
    public void After_photos_have_slots_and_a_limit_of_their_own_apart_from_the_citizens_three()
    {
        var request = Drainage(RequestStatus.Triaged, RequestStatus.InProgress);
        for (var i = 0; i < ServiceRequest.MaxPhotos; i++)
        {
            request.AddPhoto(ImageFormat.Jpeg, 10, $"b{i}.jpg", "sub-1", T0);
        }

        var after = Enumerable.Range(0, 2).Select(i => request.AddAfterPhoto(ImageFormat.Jpeg, 10, $"a{i}.jpg", "works-1", T0, maxAfter: 2)).ToList();

        Assert.Equal([4, 5], after.Select(p => p.Number));
        Assert.All(after, p => Assert.Equal(PhotoKind.After, p.Kind));
        Assert.Equal((3, 2), (request.BeforePhotoCount, request.AfterPhotoCount));
        Assert.Throws<InvalidOperationException>(() => request.AddAfterPhoto(ImageFormat.Jpeg, 10, "a3.jpg", "works-1", T0, maxAfter: 2));
        Assert.Throws<InvalidOperationException>(() => request.AddPhoto(ImageFormat.Jpeg, 10, "b4.jpg", "sub-1", T0));
    }
}
