using Microsoft.AspNetCore.Components.Authorization;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Web.Auth;

/// <summary>
/// Who is using this circuit (or this request): the claims of the encrypted sign-in cookie, including the
/// access token the server sends to the gateway on the user's behalf. The token never reaches the browser
/// in the clear. Role checks here only decide what the pages offer; the API decides what is allowed.
/// </summary>
public sealed class UserSession(AuthenticationStateProvider authentication)
{
    public async Task<SignedInUser> CurrentAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return new SignedInUser(state.User);
    }
}

/// <summary>The signed-in person as the pages see them.</summary>
public sealed class SignedInUser(ClaimsPrincipal principal)
{
    public ClaimsPrincipal Principal { get; } = principal;

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public string? Subject => Principal.Subject();

    public string? Name => Principal.DisplayName() ?? Subject;

    public IReadOnlyList<string> Roles => Principal.FindAll(MunicipalClaims.Roles).Select(c => c.Value).ToList();

    public Guid? CommunityId => Principal.CommunityId();

    public string? Division => Principal.Division();

    public string? AccessToken => Principal.FindFirst(WebClaims.AccessToken)?.Value;

    public DateTimeOffset? ExpiresAt =>
        long.TryParse(Principal.FindFirst(WebClaims.Expires)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public bool IsStaff => Principal.IsStaff();

    public bool IsOfficial => Principal.IsOfficial();

    public bool IsAdmin => Principal.IsInRole(ServiceDefaults.Roles.Admin);

    public bool IsLeader => Principal.IsInRole(ServiceDefaults.Roles.CommunityLeader);

    /// <summary>May submit requests (the API's submit policy: residents, leaders, staff, admins).</summary>
    public bool MaySubmit => IsLeader || IsStaff || Principal.IsInRole(ServiceDefaults.Roles.Resident);
}

/// <summary>Claims the web client keeps in its cookie besides those of the token.</summary>
public static class WebClaims
{
    public const string AccessToken = "access_token";
    public const string Expires = "exp";
}
