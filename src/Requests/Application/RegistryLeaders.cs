using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Municipal.ThaiCalendar;
using System.Security.Claims;

namespace Municipal.Requests.Application;

/// <summary>Reads Requests' copy of the registry to tell whether it vouches for a leader's token (<see cref="RegistryLeaderRule"/>).</summary>
public sealed class RegistryLeaders(RequestsDbContext db, TimeProvider time)
{
    public async Task<bool> ConfirmsAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (!RegistryLeaderRule.NeedsConfirmation(caller))
        {
            return true;
        }

        var subject = caller.Subject ?? "";
        var people = await db.People.AsNoTracking().Where(p => p.Subject == subject && !p.Erased).ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var terms = await db.OfficeTerms.AsNoTracking()
            .Where(t => ids.Contains(t.PersonId) && t.CommunityId == caller.CommunityId)
            .ToListAsync(cancellationToken);
        return RegistryLeaderRule.Confirms(caller, people, terms, BangkokTime.Today(time));
    }
}

/// <summary>
/// The one seam every endpoint passes through: after the token is validated, a leader's <c>community</c> claim is kept
/// only while the registry vouches for it. Without it, the caller is a signed-in person leading nothing; every rule that
/// reads <see cref="Caller"/> (or the principal) then sees the registry's view, not the token's alone.
/// </summary>
public sealed class RegistryLeaderClaims(RegistryLeaders leaders, IHttpContextAccessor http) : IClaimsTransformation
{
    /// <summary>
    /// The community a leader's token named and the registry did not vouch for (not yet, or no longer): kept only so that
    /// a refusal can say why (a leader appointed a moment ago waits for the registry's event), never as a right.
    /// </summary>
    public const string UnconfirmedCommunity = "community_unconfirmed";

    /// <summary>Whether the caller's token named <paramref name="communityId"/> and the registry did not vouch for it.</summary>
    public static bool IsUnconfirmedLeaderOf(ClaimsPrincipal principal, Guid? communityId) =>
        communityId is { } id && principal.HasClaim(UnconfirmedCommunity, id.ToString("D"));

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var caller = Caller.From(principal);
        if (!RegistryLeaderRule.NeedsConfirmation(caller)
            || await leaders.ConfirmsAsync(caller, http.HttpContext?.RequestAborted ?? CancellationToken.None))
        {
            return principal;
        }

        var vouched = principal.Clone();
        foreach (var identity in vouched.Identities)
        {
            foreach (var claim in identity.FindAll(MunicipalClaims.Community).ToList())
            {
                identity.TryRemoveClaim(claim);
                if (Guid.TryParse(claim.Value, out var community))
                {
                    identity.AddClaim(new Claim(UnconfirmedCommunity, community.ToString("D")));
                }
            }
        }

        return vouched;
    }
}
