using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Edge;

/// <summary>
/// Who is calling, read once from the token's claims: what the use cases and the domain's rules of who may do what
/// take, instead of the <see cref="ClaimsPrincipal"/>. The token says what the caller claims; a rule that needs the
/// registry's view (a leader's current term) checks it in the service.
/// </summary>
public sealed record Caller(string? Subject, IReadOnlySet<string> Roles, Guid? CommunityId, string? Division)
{
    public static readonly Caller Anonymous = new(null, new HashSet<string>(), null, null);

    public static Caller From(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
        ? new Caller(
            user.Subject(),
            user.FindAll(MunicipalClaims.Roles).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.CommunityId(),
            string.IsNullOrWhiteSpace(user.Division()) ? null : user.Division())
        : Anonymous;

    public bool IsSignedIn => Subject is not null;

    public bool Has(string role) => Roles.Contains(role);

    public bool IsAdmin => Has(ServiceDefaults.Roles.Admin);

    /// <summary>Municipal staff, or an admin.</summary>
    public bool IsStaff => Has(ServiceDefaults.Roles.Staff) || IsAdmin;

    public bool IsExecutive => Has(ServiceDefaults.Roles.Executive);

    /// <summary>Staff, executives and admins: those who may see everything.</summary>
    public bool IsOfficial => IsStaff || IsExecutive;

    public bool IsLeader => Has(ServiceDefaults.Roles.CommunityLeader);

    /// <summary>Whether the token names this caller a leader of that community.</summary>
    public bool LeadsCommunity(Guid communityId) => IsLeader && CommunityId == communityId;
}
