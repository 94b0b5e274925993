using Municipal.Edge;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Tests.Domain;

public sealed class RequestAccessTests
{
    private static readonly Guid Community = Guid.NewGuid();
    private static readonly Guid OtherCommunity = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private static Caller As(string subject, string role, Guid? community = null, string? division = null) =>
        new(subject, new HashSet<string> { role }, community, division);

    private static ServiceRequest Request(string submitter = "resident-1") => ServiceRequest.Submit(new RequestSubmission
    {
        CommunityId = Community, Category = "road", Title = "ถนนเป็นหลุม", Description = "หลุมลึกหน้าวัด",
    }, RequestCategories.Defaults[0], RequestChannel.Web, new Submitter(submitter), Now);

    [Theory]
    [InlineData("resident")]
    [InlineData("staff")]
    [InlineData("admin")]
    public void Residents_staff_and_admins_submit_for_any_community(string role) =>
        Assert.Equal(SubmitRefusal.None, RequestAccess.MaySubmit(As("someone", role), OtherCommunity, RequestChannel.Web));

    [Fact]
    public void A_leader_submits_for_their_own_community_only()
    {
        var leader = As("leader-1", "community-leader", Community);
        Assert.Equal(SubmitRefusal.None, RequestAccess.MaySubmit(leader, Community, RequestChannel.Mobile));
        Assert.Equal(SubmitRefusal.NotYourCommunity, RequestAccess.MaySubmit(leader, OtherCommunity, RequestChannel.Web));
    }

    [Fact]
    public void A_leader_whose_token_lacks_its_community_submits_for_none()
    {
        var leader = As("leader-2", "community-leader");
        Assert.Equal(SubmitRefusal.NotYourCommunity, RequestAccess.MaySubmit(leader, Community, RequestChannel.Web));
    }

    [Fact]
    public void A_leader_who_is_also_staff_submits_for_any_community()
    {
        var both = new Caller("leader-staff", new HashSet<string> { "community-leader", "staff" }, Community, null);
        Assert.Equal(SubmitRefusal.None, RequestAccess.MaySubmit(both, OtherCommunity, RequestChannel.Web));
    }

    [Theory]
    [InlineData("staff", true)]
    [InlineData("admin", true)]
    [InlineData("resident", false)]
    [InlineData("executive", false)]
    public void Only_staff_and_admins_take_phoned_in_requests(string role, bool may) =>
        Assert.Equal(may ? SubmitRefusal.None : SubmitRefusal.PhoneIntakeIsStaffOnly, RequestAccess.MaySubmit(As("x", role), Community, RequestChannel.Phone));

    [Fact]
    public void A_leader_phoning_in_for_another_community_is_told_about_the_community_first() =>
        Assert.Equal(SubmitRefusal.NotYourCommunity,
            RequestAccess.MaySubmit(As("leader-3", "community-leader", Community), OtherCommunity, RequestChannel.Phone));

    [Fact]
    public void A_phoned_in_request_is_from_the_caller_staff_took_down_and_any_other_from_the_signed_in_person()
    {
        var staff = As("staff-1", "staff");
        var phoned = new RequestSubmission
        {
            Channel = "phone", Submitter = new ContactSubmission { Name = " สมชาย ใจดี ", Phone = "081-234-5678" },
        };
        Assert.Equal(new Submitter(null, null, "สมชาย ใจดี", "+66812345678"), RequestAccess.SubmitterOf(phoned, staff));
        Assert.Equal(new Submitter("staff-1"), RequestAccess.SubmitterOf(new RequestSubmission(), staff));
    }

    [Fact]
    public void Officials_the_community_leader_and_the_submitter_see_a_request_and_nobody_else()
    {
        var request = Request();
        Assert.True(RequestAccess.CanSee(As("exec", "executive"), request));
        Assert.True(RequestAccess.CanSee(As("leader", "community-leader", Community), request));
        Assert.True(RequestAccess.CanSee(As("resident-1", "resident"), request));
        Assert.False(RequestAccess.CanSee(As("leader-b", "community-leader", OtherCommunity), request));
        Assert.False(RequestAccess.CanSee(As("resident-2", "resident"), request));
    }

    [Fact]
    public void Staff_of_the_division_the_intake_desk_and_admins_work_a_request()
    {
        var request = Request(); // road → public-works
        Assert.True(RequestAccess.CanWork(As("pw", "staff", division: "public-works"), request));
        Assert.True(RequestAccess.CanWork(As("desk", "staff"), request));
        Assert.True(RequestAccess.CanWork(As("root", "admin"), request));
        Assert.False(RequestAccess.CanWork(As("health", "staff", division: "public-health"), request));
        Assert.False(RequestAccess.CanWork(As("exec", "executive"), request));
        Assert.Equal(Party.Submitter, RequestAccess.PartyOf(As("resident-1", "resident"), request));
    }

    [Fact]
    public void The_history_names_the_role_a_change_was_made_in()
    {
        Assert.Equal("system", Actors.RoleNameOf(Actors.System));
        Assert.Equal("open311", Actors.RoleNameOf(Actors.Open311Client(Guid.NewGuid())));
        Assert.Equal("admin", Actors.RoleNameOf(new Caller("a", new HashSet<string> { "admin", "staff" }, null, null)));
        Assert.Equal("community-leader", Actors.RoleNameOf(As("l", "community-leader", Community)));
        Assert.Equal("resident", Actors.RoleNameOf(As("r", "resident")));
    }
}
