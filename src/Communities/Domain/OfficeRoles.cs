namespace Municipal.Communities.Domain;

/// <summary>Where an office is held: in a community, in a division of the municipality, or in the municipality itself.</summary>
public enum OfficeScope
{
    Community,
    Municipality,
    Division,
}

/// <summary>The roles a person can hold (codes of the shared vocabulary, <c>docs/architecture.md</c>).</summary>
public static class OfficeRoles
{
    public const string President = "president";
    public const string VicePresident = "vice-president";
    public const string Secretary = "secretary";
    public const string Treasurer = "treasurer";
    public const string CommitteeMember = "committee-member";
    public const string Mayor = "mayor";
    public const string DeputyMayor = "deputy-mayor";
    public const string MunicipalClerk = "municipal-clerk";
    public const string DeputyClerk = "deputy-clerk";
    public const string CouncilMember = "council-member";
    public const string DivisionHead = "division-head";

    private static readonly Dictionary<string, (OfficeScope Scope, bool SingleSeat)> Known = new(StringComparer.Ordinal)
    {
        [President] = (OfficeScope.Community, true),
        [VicePresident] = (OfficeScope.Community, false),
        [Secretary] = (OfficeScope.Community, false),
        [Treasurer] = (OfficeScope.Community, false),
        [CommitteeMember] = (OfficeScope.Community, false),
        [Mayor] = (OfficeScope.Municipality, true),
        [DeputyMayor] = (OfficeScope.Municipality, false),
        [MunicipalClerk] = (OfficeScope.Municipality, true),
        [DeputyClerk] = (OfficeScope.Municipality, false),
        [CouncilMember] = (OfficeScope.Municipality, false),
        [DivisionHead] = (OfficeScope.Division, true),
    };

    public static IReadOnlyCollection<string> Codes => Known.Keys;

    public static bool IsKnown(string? role) => role is not null && Known.ContainsKey(role);

    public static OfficeScope ScopeOf(string role) => Known[role].Scope;

    /// <summary>A single seat has one holder at a time: a community's president, the mayor, the clerk, a division's head.</summary>
    public static bool IsSingleSeat(string role) => Known[role].SingleSeat;
}
