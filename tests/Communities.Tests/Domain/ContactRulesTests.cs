using Municipal.Communities.Domain;
using Municipal.Contracts;
using Municipal.Edge;

namespace Municipal.Communities.Tests.Domain;

public sealed class ContactRulesTests
{
    private static readonly DateTimeOffset Now = new(2019, 11, 19, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2019, 11, 19);
    private static readonly Guid CommunityA = Guid.NewGuid();
    private static readonly Guid CommunityB = Guid.NewGuid();

    private static Person PersonWithAccount(string subject)
    {
        new PersonInput { FirstNameTh = "สมชาย", LastNameTh = "ใจดี", Subject = subject }.Validate(out var details);
        return Person.Register(details!, Now);
    }

    private static Office Term(Person person, Guid community, DateOnly start, DateOnly? end = null) =>
        Office.Assign(new OfficeProposal(person.Id, OfficeRoleCodes.President, community, null, start, end), Now);

    private static Caller Who(string subject, Guid? community, params string[] roles) => new(subject, roles.ToHashSet(), community, null);

    private static Caller Leader(Guid community, string subject = "leader") => Who(subject, community, "community-leader");

    [Theory]
    [InlineData("staff")]
    [InlineData("executive")]
    [InlineData("admin")]
    public void Officials_read_anybody_and_the_read_is_logged(string role)
    {
        var person = PersonWithAccount("p1");
        Assert.Equal(PersonAccess.ReadLogged, ContactRules.ReadAccess(Who("official", null, role), person, [], Today));
    }

    [Fact]
    public void A_person_reads_themself_without_a_log_entry()
    {
        var person = PersonWithAccount("p2");
        Assert.Equal(PersonAccess.ReadOwn, ContactRules.ReadAccess(Who("p2", null, "resident"), person, [], Today));
    }

    [Fact]
    public void A_leader_reads_people_holding_office_in_their_own_community_and_nobody_in_another()
    {
        var person = PersonWithAccount("p3");
        var terms = new[] { Term(person, CommunityA, new DateOnly(2019, 10, 1)) };

        Assert.Equal(PersonAccess.ReadLogged, ContactRules.ReadAccess(Leader(CommunityA), person, terms, Today));
        Assert.Equal(PersonAccess.None, ContactRules.ReadAccess(Leader(CommunityB), person, terms, Today));
    }

    [Fact]
    public void A_leader_no_longer_reads_someone_whose_term_in_their_community_is_over()
    {
        var person = PersonWithAccount("p4");
        var terms = new[] { Term(person, CommunityA, new DateOnly(2015, 10, 1), new DateOnly(2019, 9, 30)) };
        Assert.Equal(PersonAccess.None, ContactRules.ReadAccess(Leader(CommunityA), person, terms, Today));
    }

    [Fact]
    public void A_community_claim_without_the_leader_role_grants_nothing()
    {
        var person = PersonWithAccount("p5");
        var terms = new[] { Term(person, CommunityA, new DateOnly(2019, 10, 1)) };
        Assert.Equal(PersonAccess.None, ContactRules.ReadAccess(Who("x", CommunityA, "resident"), person, terms, Today));
        Assert.False(ContactRules.MayReadCommunityContacts(Who("x", CommunityA, "resident"), CommunityA));
    }

    [Fact]
    public void Community_contacts_are_for_officials_and_that_communitys_leader()
    {
        Assert.True(ContactRules.MayReadCommunityContacts(Leader(CommunityA), CommunityA));
        Assert.False(ContactRules.MayReadCommunityContacts(Leader(CommunityA), CommunityB));
        Assert.True(ContactRules.MayReadCommunityContacts(Who("m", null, "executive"), CommunityB));
        Assert.False(ContactRules.MayReadCommunityContacts(Caller.Anonymous, CommunityA));
    }

    [Fact]
    public void Staff_edit_everything_a_person_their_contact_and_nobody_else_anything()
    {
        var person = PersonWithAccount("p6");
        Assert.Equal(PersonEdit.Everything, ContactRules.EditAccess(Who("s", null, "staff"), person));
        Assert.Equal(PersonEdit.ContactAndPreferences, ContactRules.EditAccess(Who("p6", CommunityA, "community-leader"), person));
        Assert.Equal(PersonEdit.None, ContactRules.EditAccess(Who("p7", CommunityA, "community-leader"), person));
        Assert.Equal(PersonEdit.None, ContactRules.EditAccess(Who("m", null, "executive"), person));
    }

    [Fact]
    public void After_erasure_the_former_account_is_no_longer_the_person()
    {
        var person = PersonWithAccount("p8");
        person.Erase(Now);
        Assert.Equal(PersonAccess.None, ContactRules.ReadAccess(Who("p8", null, "resident"), person, [], Today));
    }

    [Fact]
    public void The_access_log_is_for_admins_and_the_person_themself()
    {
        var person = PersonWithAccount("p9");
        Assert.True(ContactRules.MayReadAccessLog(Who("p9", null, "resident"), person));
        Assert.True(ContactRules.MayReadAccessLog(Who("root", null, "admin"), person));
        Assert.False(ContactRules.MayReadAccessLog(Who("s", null, "staff"), person));
        Assert.False(ContactRules.MayReadAccessLog(Who("l", CommunityA, "community-leader"), person));
    }
}
