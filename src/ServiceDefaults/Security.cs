using System.Security.Claims;

namespace Municipal.ServiceDefaults;

/// <summary>The roles a Municipal token may carry (claim <c>roles</c>).</summary>
public static class Roles
{
    public const string Resident = "resident";
    public const string CommunityLeader = "community-leader";
    public const string Staff = "staff";
    public const string Executive = "executive";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Resident, CommunityLeader, Staff, Executive, Admin];
}

/// <summary>Claim types Municipal tokens carry besides the standard ones.</summary>
public static class MunicipalClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Roles = "roles";
    /// <summary>For a community leader: the id of their community.</summary>
    public const string Community = "community";
    /// <summary>For staff: the code of their division (optional).</summary>
    public const string Division = "division";
}

/// <summary>Authorization policy names shared by the services and the gateway.</summary>
public static class Policies
{
    /// <summary>Any signed-in caller.</summary>
    public const string SignedIn = "signed-in";
    /// <summary>Municipal staff and admins: the people who run the registry, meetings and requests.</summary>
    public const string Staff = "staff";
    /// <summary>Staff, executives and admins: those who may see everything and personal contact data.</summary>
    public const string Officials = "officials";
    public const string Admin = "admin";
}

public static class ClaimsPrincipalExtensions
{
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst(MunicipalClaims.Subject)?.Value;

    public static string? DisplayName(this ClaimsPrincipal user) => user.FindFirst(MunicipalClaims.Name)?.Value;

    /// <summary>The community a leader leads, from the <c>community</c> claim.</summary>
    public static Guid? CommunityId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(MunicipalClaims.Community)?.Value, out var id) ? id : null;

    public static string? Division(this ClaimsPrincipal user) => user.FindFirst(MunicipalClaims.Division)?.Value;

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);

    public static bool IsOfficial(this ClaimsPrincipal user) => user.IsStaff() || user.IsInRole(Roles.Executive);

    /// <summary>True when the caller leads the given community.</summary>
    public static bool LeadsCommunity(this ClaimsPrincipal user, Guid communityId) =>
        user.IsInRole(Roles.CommunityLeader) && user.CommunityId() == communityId;
}
