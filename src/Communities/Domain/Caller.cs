namespace Municipal.Communities.Domain;

/// <summary>Who is calling, as far as the registry's rules care (taken from the token at the edge).</summary>
/// <param name="Subject">The token's <c>sub</c>; null for anonymous callers.</param>
/// <param name="Roles">The token's roles.</param>
/// <param name="LeaderOf">For a community leader: the community of the token's <c>community</c> claim.</param>
public sealed record Caller(string? Subject, IReadOnlyList<string> Roles, Guid? LeaderOf)
{
    public static readonly Caller Anonymous = new(null, [], null);

    public bool IsSignedIn => Subject is not null;

    /// <summary>Staff and admins manage the registry.</summary>
    public bool IsStaff => Roles.Contains(ServiceDefaults.Roles.Staff) || Roles.Contains(ServiceDefaults.Roles.Admin);

    /// <summary>Staff, executives and admins may see anybody's contact details (each read is logged).</summary>
    public bool IsOfficial => IsStaff || Roles.Contains(ServiceDefaults.Roles.Executive);

    public bool IsAdmin => Roles.Contains(ServiceDefaults.Roles.Admin);

    public bool IsLeaderOf(Guid communityId) => Roles.Contains(ServiceDefaults.Roles.CommunityLeader) && LeaderOf == communityId;

    /// <summary>True when the caller is the person: the token's subject is the person's account.</summary>
    public bool Is(Person person) => Subject is not null && person.Subject == Subject;
}

/// <summary>What a caller may see or change of a person.</summary>
public enum PersonAccess
{
    /// <summary>Names and roles only, as anybody sees them in a community's list of office holders.</summary>
    None,

    /// <summary>Everything, and the read is recorded in the access log.</summary>
    ReadLogged,

    /// <summary>Everything; the person reading their own record is not logged.</summary>
    ReadOwn,
}

public enum PersonEdit
{
    None,

    /// <summary>Their own contact details and preferences: phone, email, LINE id, channel, language.</summary>
    ContactAndPreferences,

    /// <summary>Everything (staff, admins).</summary>
    Everything,
}

/// <summary>The registry's object-level rules on personal data (PDPA).</summary>
public static class ContactRules
{
    /// <summary>
    /// Officials read anybody; a person reads themself; a community leader reads the people who hold (or are
    /// about to hold) an office in their own community, and nobody else's.
    /// </summary>
    public static PersonAccess ReadAccess(Caller caller, Person person, IEnumerable<Office> personsOffices, DateOnly today)
    {
        if (caller.Is(person))
        {
            return PersonAccess.ReadOwn;
        }

        if (caller.IsOfficial)
        {
            return PersonAccess.ReadLogged;
        }

        return caller.LeaderOf is { } community && caller.IsLeaderOf(community)
            && personsOffices.Any(o => o.CommunityId == community && (o.EndDate is null || o.EndDate >= today))
                ? PersonAccess.ReadLogged
                : PersonAccess.None;
    }

    /// <summary>A community's office holders' contact details: for officials and that community's own leader.</summary>
    public static bool MayReadCommunityContacts(Caller caller, Guid communityId) => caller.IsOfficial || caller.IsLeaderOf(communityId);

    /// <summary>Staff and admins change everything; a person changes their own contact details and preferences.</summary>
    public static PersonEdit EditAccess(Caller caller, Person person) =>
        caller.IsStaff ? PersonEdit.Everything
        : caller.Is(person) ? PersonEdit.ContactAndPreferences
        : PersonEdit.None;
}
