using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Tests;

/// <summary>Who acts for whom, decided from the caller's roles and the registry person their account is linked to.</summary>
public sealed class CallerRulesTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid Someone = Guid.NewGuid();

    private static RegistryCaller As(string role, Guid? person) =>
        new(new Caller("subject-1", new HashSet<string> { role }, null, null), person);

    [Fact]
    public void A_person_registers_themself_and_only_staff_name_someone_else()
    {
        Assert.Equal(Me, As("community-leader", Me).Registrant(null).Value);
        Assert.Equal(Me, As("community-leader", Me).Registrant(Me).Value);
        Assert.Equal(ProblemTypes.Forbidden, As("community-leader", Me).Registrant(Someone).Refusal!.Kind);
        Assert.Equal(Someone, As("staff", null).Registrant(Someone).Value);
    }

    [Fact]
    public void An_account_linked_to_no_registry_person_is_told_so()
    {
        Assert.Equal(SchedulingProblems.NotLinkedToRegistry, As("community-leader", null).Registrant(null).Refusal!.Kind);
        Assert.Equal(SchedulingProblems.NotLinkedToRegistry, As("staff", null).Whose(null).Refusal!.Kind);
    }

    [Fact]
    public void Only_staff_look_at_or_act_for_other_peoples_registrations()
    {
        Assert.Equal(ProblemTypes.Forbidden, As("community-leader", Me).Whose(Someone).Refusal!.Kind);
        Assert.Equal(Someone, As("staff", Me).Whose(Someone).Value);
        Assert.True(As("community-leader", Me).MayActFor(Me));
        Assert.False(As("community-leader", Me).MayActFor(Someone));
        Assert.True(As("admin", null).MayActFor(Someone));
    }
}
