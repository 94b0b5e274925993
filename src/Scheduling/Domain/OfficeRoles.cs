namespace Municipal.Scheduling.Domain;

/// <summary>The office codes of the shared vocabulary, which programmes name as their target groups.</summary>
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

    /// <summary>Offices in a community, most senior first.</summary>
    public static readonly IReadOnlyList<string> Community = [President, VicePresident, Secretary, Treasurer, CommitteeMember];

    public static readonly IReadOnlyList<string> Municipal = [Mayor, DeputyMayor, MunicipalClerk, DeputyClerk, CouncilMember, DivisionHead];

    public static readonly IReadOnlyList<string> All = [.. Community, .. Municipal];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Orders offices so that the most senior community office comes first.</summary>
    public static int Seniority(string role)
    {
        var index = Community.IndexOf(role);
        return index >= 0 ? index : Community.Count + Math.Max(0, Municipal.IndexOf(role));
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
