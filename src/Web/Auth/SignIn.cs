using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Municipal.ServiceDefaults;
using System.Globalization;
using System.Security.Claims;

namespace Municipal.Web.Auth;

/// <summary>Configuration section <c>Web:Oidc</c>: the web client as a client of the production OIDC authority (<c>Auth:Authority</c>).</summary>
public sealed class OidcOptions
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Scopes besides <c>openid profile</c>, e.g. the API scope whose access tokens the services accept.</summary>
    public string[] Scopes { get; set; } = [];
}

internal static class SignIn
{
    public const string CookieName = ".Municipal.Web";

    /// <summary>
    /// The encrypted cookie holds the user's claims and their access token; pages and the server's calls to the
    /// gateway read both from it. In Production the user signs in at the OIDC authority (<c>Auth:Authority</c>,
    /// <c>Web:Oidc:ClientId</c>/<c>ClientSecret</c>); in Development a page picks a role and a person and asks the
    /// gateway's <c>/dev/token</c>. Nothing else signs anybody in.
    /// </summary>
    /// <summary>Cookies are Secure everywhere but on a developer's machine, which serves plain http on localhost.</summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = SecurePolicy(builder.Environment));
        var authority = builder.Configuration["Auth:Authority"];
        var oidc = builder.Configuration.GetSection("Web:Oidc").Get<OidcOptions>() ?? new();
        var useOidc = !string.IsNullOrWhiteSpace(authority);
        // Without an authority outside Development nobody can sign in: the sign-in page says so (the rest of the
        // system still runs; the API answers anonymous callers as usual).
        builder.Services.AddSingleton(new SignInMode(useOidc, Development: !useOidc && builder.Environment.IsDevelopment()));
        var authentication = builder.Services.AddAuthentication(options =>
        {
            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = useOidc ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure outside Development: the browser sends the sign-in only over HTTPS (TLS may end at a proxy in front).
            options.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
            options.LoginPath = "/account/sign-in";
            options.AccessDeniedPath = "/account/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = false;
        });

        if (useOidc)
        {
            authentication.AddOpenIdConnect(options =>
            {
                options.Authority = authority;
                options.ClientId = oidc.ClientId ?? throw new InvalidOperationException("Web:Oidc:ClientId is required with Auth:Authority.");
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.MapInboundClaims = false;
                options.SaveTokens = false;
                options.CallbackPath = "/account/signin-oidc";
                options.CorrelationCookie.SecurePolicy = SecurePolicy(builder.Environment);
                options.NonceCookie.SecurePolicy = SecurePolicy(builder.Environment);
                options.SignedOutCallbackPath = "/account/signout-callback-oidc";
                options.TokenValidationParameters.NameClaimType = MunicipalClaims.Name;
                options.TokenValidationParameters.RoleClaimType = MunicipalClaims.Roles;
                foreach (var scope in oidc.Scopes)
                {
                    options.Scope.Add(scope);
                }

                // The cookie carries the access token and what it says (roles, community, division): the API reads the same token.
                options.Events.OnTokenValidated = context =>
                {
                    if (context.TokenEndpointResponse?.AccessToken is { Length: > 0 } accessToken)
                    {
                        context.Principal = PrincipalOf(accessToken, context.Scheme.Name);
                        context.Properties!.ExpiresUtc = context.Principal.FindFirst(WebClaims.Expires) is { } exp
                            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(exp.Value, CultureInfo.InvariantCulture))
                            : null;
                    }

                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// The user as an access token describes them. The token is not validated here: the web client only shows
    /// what it says, and every service validates it on every call.
    /// </summary>
    public static ClaimsPrincipal PrincipalOf(string accessToken, string authenticationType)
    {
        var token = new JsonWebToken(accessToken);
        var claims = new List<Claim>();
        foreach (var claim in token.Claims)
        {
            if (claim.Type is MunicipalClaims.Subject or MunicipalClaims.Name or MunicipalClaims.Roles or MunicipalClaims.Community
                or MunicipalClaims.Division or WebClaims.Expires)
            {
                claims.Add(new Claim(claim.Type, claim.Value));
            }
        }

        claims.Add(new Claim(WebClaims.AccessToken, accessToken));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, MunicipalClaims.Name, MunicipalClaims.Roles));
    }

    /// <summary>Only a path of this site: never a redirect elsewhere.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}

/// <param name="Oidc">Production sign-in at <c>Auth:Authority</c>.</param>
/// <param name="Development">The development page that asks the gateway's <c>/dev/token</c>.</param>
public sealed record SignInMode(bool Oidc, bool Development);
