using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Municipal.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>What a locally minted token says about its bearer.</summary>
public sealed record DevTokenRequest
{
    public required string Sub { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? Community { get; init; }
    public string? Division { get; init; }
}

/// <summary>
/// Mints tokens signed with <c>Auth:SigningKey</c>: for the gateway's development-only
/// <c>/dev/token</c> route and for tests. Never used with an OIDC authority.
/// </summary>
public sealed class DevTokenIssuer(MunicipalAuthOptions options, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public string Issue(DevTokenRequest request, TimeSpan? lifetime = null)
    {
        var key = options.GetSigningKey() ?? throw new InvalidOperationException("Auth:SigningKey is not set.");
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { [MunicipalClaims.Subject] = request.Sub };
        if (!string.IsNullOrEmpty(request.Name)) claims[MunicipalClaims.Name] = request.Name;
        if (request.Roles.Count > 0) claims[MunicipalClaims.Roles] = request.Roles.ToArray();
        if (!string.IsNullOrEmpty(request.Community)) claims[MunicipalClaims.Community] = request.Community;
        if (!string.IsNullOrEmpty(request.Division)) claims[MunicipalClaims.Division] = request.Division;

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? DefaultLifetime),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
