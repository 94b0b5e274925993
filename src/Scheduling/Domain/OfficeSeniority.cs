using Municipal.Contracts;

namespace Municipal.Scheduling.Domain;

/// <summary>
/// What Scheduling knows of the office codes beyond the codes themselves: which it takes as target groups, and the
/// order of seniority in which a person's offices are weighed (the most senior community office first).
/// </summary>
public static class OfficeSeniority
{
    public static readonly IReadOnlyList<string> Ordered =
    [
        OfficeRoleCodes.President, OfficeRoleCodes.VicePresident, OfficeRoleCodes.Secretary, OfficeRoleCodes.Treasurer,
        OfficeRoleCodes.CommitteeMember, OfficeRoleCodes.Mayor, OfficeRoleCodes.DeputyMayor, OfficeRoleCodes.MunicipalClerk,
        OfficeRoleCodes.DeputyClerk, OfficeRoleCodes.CouncilMember, OfficeRoleCodes.DivisionHead,
    ];

    public static bool IsKnown(string? role) => role is not null && Ordered.Contains(role, StringComparer.Ordinal);

    /// <summary>The rank of an office: 0 for the most senior; an unknown code comes last.</summary>
    public static int Of(string role)
    {
        for (var i = 0; i < Ordered.Count; i++)
        {
            if (string.Equals(Ordered[i], role, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Ordered.Count;
    }
}
