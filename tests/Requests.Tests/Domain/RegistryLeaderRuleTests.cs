using Municipal.Edge;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Tests.Domain;

public sealed class RegistryLeaderRuleTests
{
    private static readonly Guid Community = Guid.NewGuid();
    private static readonly Guid OtherCommunity = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 12, 5);
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    private static Caller Leader(string subject = "leader-1", Guid? community = null) =>
        new(subject, new HashSet<string> { "community-leader" }, community ?? Community, null);

    private static RegistryPerson Person(string subject)
    {
        var person = new RegistryPerson(Guid.NewGuid());
        person.Update(subject, "นาย", "สมชาย", "ใจดี", null, Now);
        return person;
    }

    private static RegistryOfficeTerm Term(RegistryPerson person, DateOnly start, DateOnly? end, Guid? community = null) =>
        RegistryOfficeTerm.Assigned(Guid.NewGuid(), person.Id, "president", community ?? Community, start, end, Now);

    [Fact]
    public void A_current_leader_is_confirmed_and_keeps_their_community()
    {
        var person = Person("leader-1");
        var caller = Leader();

        var vouched = RegistryLeaderRule.Vouched(caller, [person], [Term(person, new DateOnly(2024, 1, 1), null)], Today);

        Assert.Equal(Community, vouched.CommunityId);
        Assert.True(vouched.LeadsCommunity(Community));
    }

    [Fact]
    public void A_leader_whose_term_ended_leads_nothing_but_stays_signed_in_with_their_role()
    {
        var person = Person("leader-1");

        var vouched = RegistryLeaderRule.Vouched(Leader(), [person], [Term(person, new DateOnly(2020, 1, 1), new DateOnly(2021, 12, 31))], Today);

        Assert.Null(vouched.CommunityId);
        Assert.False(vouched.LeadsCommunity(Community));
        Assert.Equal("leader-1", vouched.Subject);
        Assert.True(vouched.IsLeader);
    }

    [Fact]
    public void A_term_ending_today_still_counts_and_one_that_ended_yesterday_does_not()
    {
        var person = Person("leader-1");

        Assert.True(RegistryLeaderRule.Confirms(Leader(), [person], [Term(person, new DateOnly(2024, 1, 1), Today)], Today));
        Assert.False(RegistryLeaderRule.Confirms(Leader(), [person], [Term(person, new DateOnly(2024, 1, 1), Today.AddDays(-1))], Today));
    }

    [Fact]
    public void A_subject_the_registry_does_not_know_leads_nothing() =>
        Assert.Null(RegistryLeaderRule.Vouched(Leader("stranger"), [], [], Today).CommunityId);

    [Fact]
    public void Another_persons_term_does_not_vouch_for_the_caller()
    {
        var holder = Person("someone-else");

        Assert.False(RegistryLeaderRule.Confirms(Leader("leader-1"), [holder], [Term(holder, new DateOnly(2024, 1, 1), null)], Today));
    }

    [Fact]
    public void A_term_starting_tomorrow_does_not_count_yet()
    {
        var person = Person("leader-1");

        Assert.False(RegistryLeaderRule.Confirms(Leader(), [person], [Term(person, Today.AddDays(1), null)], Today));
        Assert.True(RegistryLeaderRule.Confirms(Leader(), [person], [Term(person, Today.AddDays(1), null)], Today.AddDays(1)));
    }

    [Fact]
    public void A_term_in_another_community_does_not_vouch_for_this_one()
    {
        var person = Person("leader-1");

        Assert.False(RegistryLeaderRule.Confirms(Leader(), [person], [Term(person, new DateOnly(2024, 1, 1), null, OtherCommunity)], Today));
    }

    [Fact]
    public void An_erased_person_leads_nothing()
    {
        var person = Person("leader-1");
        var term = Term(person, new DateOnly(2024, 1, 1), null);
        Assert.True(RegistryLeaderRule.Confirms(Leader(), [person], [term], Today));

        person.Erase(Now.AddMinutes(1));

        Assert.False(RegistryLeaderRule.Confirms(Leader(), [person], [term], Today));
    }

    [Theory]
    [InlineData("resident")]
    [InlineData("staff")]
    [InlineData("executive")]
    public void Callers_who_are_not_token_leaders_are_left_as_they_are(string role)
    {
        var caller = new Caller("someone", new HashSet<string> { role }, Community, null);

        Assert.Same(caller, RegistryLeaderRule.Vouched(caller, [], [], Today));
    }

    [Fact]
    public void An_end_that_arrived_first_stands_when_the_older_assignment_comes()
    {
        var ended = RegistryOfficeTerm.EndedFirst(Guid.NewGuid(), Guid.NewGuid(), "president", Community, new DateOnly(2021, 12, 31), Now);
        Assert.False(ended.IsHeldOn(new DateOnly(2021, 6, 1)));

        ended.Assign(ended.PersonId, "president", Community, new DateOnly(2020, 1, 1), null, Now.AddDays(-400));

        Assert.Equal(new DateOnly(2020, 1, 1), ended.StartDate);
        Assert.Equal(new DateOnly(2021, 12, 31), ended.EndDate);
        Assert.True(ended.IsHeldOn(new DateOnly(2021, 6, 1)));
        Assert.False(ended.IsHeldOn(Today));
    }

    [Fact]
    public void An_older_end_never_undoes_a_newer_one()
    {
        var term = RegistryOfficeTerm.Assigned(Guid.NewGuid(), Guid.NewGuid(), "president", Community, new DateOnly(2024, 1, 1), null, Now);
        Assert.True(term.End(new DateOnly(2026, 12, 1), Now.AddHours(2)));

        Assert.False(term.End(new DateOnly(2027, 12, 31), Now.AddHours(1)));

        Assert.Equal(new DateOnly(2026, 12, 1), term.EndDate);
        Assert.False(term.IsHeldOn(Today));
    }
}
