using Municipal.Edge;

namespace Municipal.Communities.Domain;

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

/// <summary>The registry's object-level rules on personal data (PDPA), for the <see cref="Caller"/> the token names.</summary>
public static class ContactRules
{
    /// <summary>True when the caller is the person: the token's subject is the person's account.</summary>
    public static bool Is(this Caller caller, Person person) => caller.Subject is not null && person.Subject == caller.Subject;

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

        return caller.CommunityId is { } community && caller.LeadsCommunity(community)
            && personsOffices.Any(o => o.CommunityId == community && o.IsCurrentOrComingOn(today))
                ? PersonAccess.ReadLogged
                : PersonAccess.None;
    }

    /// <summary>A community's office holders' contact details: for officials and that community's own leader.</summary>
    public static bool MayReadCommunityContacts(Caller caller, Guid communityId) => caller.IsOfficial || caller.LeadsCommunity(communityId);

    /// <summary>
    /// Whose contact details a reader of a community's offices sees on a term: officials on every term; a leader on
    /// current and coming terms only (a former treasurer's phone is not the committee's business any more).
    /// </summary>
    public static bool ShowsContactOn(Caller caller, Office office, DateOnly today) => caller.IsOfficial || office.IsCurrentOrComingOn(today);

    /// <summary>A leader's token the registry does not confirm: the role stays, the community it names does not count.</summary>
    public static Caller Unconfirmed(Caller caller) => caller with { CommunityId = null };

    /// <summary>Staff and admins change everything; a person changes their own contact details and preferences.</summary>
    public static PersonEdit EditAccess(Caller caller, Person person) =>
        caller.IsStaff ? PersonEdit.Everything
        : caller.Is(person) ? PersonEdit.ContactAndPreferences
        : PersonEdit.None;

    /// <summary>A person's access log: for admins and the person themself.</summary>
    public static bool MayReadAccessLog(Caller caller, Person person) => caller.IsAdmin || caller.Is(person);
}
