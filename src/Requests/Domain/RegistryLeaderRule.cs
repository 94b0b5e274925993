using Municipal.Edge;

namespace Municipal.Requests.Domain;

/// <summary>
/// A leader's rights come from the registry as well as the token: a token naming its bearer leader of community C counts
/// only while the registry (Requests' copy of it) has a person, not erased, with the token's subject holding an office in
/// C today. A term that ended, one not begun, or a subject the registry has never heard of leads nothing: the caller
/// stays a signed-in person (their own requests are still theirs), leading no community.
/// </summary>
public static class RegistryLeaderRule
{
    /// <summary>Whether the caller is someone this rule must check: a leader whose token names a community, and not an official.</summary>
    public static bool NeedsConfirmation(Caller caller) => caller.IsLeader && caller.CommunityId is not null && !caller.IsOfficial;

    /// <summary>
    /// Whether the registry vouches for the caller's leadership of the community their token names.
    /// <paramref name="people"/> are the registry's people with the caller's subject; <paramref name="terms"/> their terms.
    /// </summary>
    public static bool Confirms(Caller caller, IEnumerable<RegistryPerson> people, IEnumerable<RegistryOfficeTerm> terms, DateOnly today)
    {
        if (!NeedsConfirmation(caller))
        {
            return true;
        }

        var holders = people
            .Where(p => !p.Erased && p.Subject is not null && p.Subject == caller.Subject)
            .Select(p => p.Id)
            .ToHashSet();
        return terms.Any(t => holders.Contains(t.PersonId) && t.CommunityId == caller.CommunityId && t.IsHeldOn(today));
    }

    /// <summary>The caller as the registry vouches for them: an unconfirmed leader keeps the role but leads no community.</summary>
    public static Caller Vouched(Caller caller, IEnumerable<RegistryPerson> people, IEnumerable<RegistryOfficeTerm> terms, DateOnly today) =>
        Confirms(caller, people, terms, today) ? caller : caller with { CommunityId = null };
}
