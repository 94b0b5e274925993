using Municipal.Contracts;

namespace Municipal.Communities.Domain;

/// <summary>Where an office is held: in a community, in a division of the municipality, or in the municipality itself.</summary>
public enum OfficeScope
{
    Community,
    Municipality,
    Division,
}

/// <summary>What the registry knows of each role of the shared vocabulary (<see cref="OfficeRoleCodes"/>): its scope and whether it is a single seat.</summary>
public static class OfficeRoles
{
    private static readonly Dictionary<string, (OfficeScope Scope, bool SingleSeat)> Known = new(StringComparer.Ordinal)
    {
        [OfficeRoleCodes.President] = (OfficeScope.Community, true),
        [OfficeRoleCodes.VicePresident] = (OfficeScope.Community, false),
        [OfficeRoleCodes.Secretary] = (OfficeScope.Community, false),
        [OfficeRoleCodes.Treasurer] = (OfficeScope.Community, false),
        [OfficeRoleCodes.CommitteeMember] = (OfficeScope.Community, false),
        [OfficeRoleCodes.Mayor] = (OfficeScope.Municipality, true),
        [OfficeRoleCodes.DeputyMayor] = (OfficeScope.Municipality, false),
        [OfficeRoleCodes.MunicipalClerk] = (OfficeScope.Municipality, true),
        [OfficeRoleCodes.DeputyClerk] = (OfficeScope.Municipality, false),
        [OfficeRoleCodes.CouncilMember] = (OfficeScope.Municipality, false),
        [OfficeRoleCodes.DivisionHead] = (OfficeScope.Division, true),
    };

    public static IReadOnlyCollection<string> Codes => Known.Keys;

    public static bool IsKnown(string? role) => role is not null && Known.ContainsKey(role);

    public static OfficeScope ScopeOf(string role) => Known[role].Scope;

    /// <summary>A single seat has one holder at a time: a community's president, the mayor, the clerk, a division's head.</summary>
    public static bool IsSingleSeat(string role) => Known[role].SingleSeat;
}
