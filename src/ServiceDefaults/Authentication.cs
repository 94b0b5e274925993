using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Municipal.ServiceDefaults;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class MunicipalAuthOptions
{
    public const string Section = "Auth";

    /// <summary>Production: the OIDC authority whose signing keys and issuer are trusted.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "municipal";

    /// <summary>Issuer of locally signed tokens (development and tests).</summary>
    public string Issuer { get; set; } = "municipal-dev";

    /// <summary>Development and tests only: the symmetric key (at least 32 characters) that signs local tokens.</summary>
    public string? SigningKey { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public SymmetricSecurityKey? GetSigningKey() =>
        string.IsNullOrEmpty(SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
}

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer sign-in: with <c>Auth:Authority</c> the tokens of that OIDC provider; otherwise tokens
    /// signed with <c>Auth:SigningKey</c>. Issuer, audience, lifetime and signature are always checked. Outside
    /// Development and Testing the process refuses to start with a signing key or without an authority
    /// (<see cref="ProductionSafety"/>).
    /// </summary>
    public static TBuilder AddMunicipalAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(MunicipalAuthOptions.Section).Get<MunicipalAuthOptions>() ?? new();
        ProductionSafety.CheckSignIn(builder.Environment, options.Authority, options.SigningKey);
        if (string.IsNullOrEmpty(options.Authority) && (options.SigningKey is null || options.SigningKey.Length < 32))
        {
            throw new InvalidOperationException(
                "Sign-in is not configured: set Auth:Authority (an OIDC provider) or, for development, Auth:SigningKey (32+ characters).");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DevTokenIssuer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    ValidAudience = options.Audience,
                    NameClaimType = MunicipalClaims.Name,
                    RoleClaimType = MunicipalClaims.Roles,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = options.GetSigningKey();
                }
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff, Roles.Admin))
            .AddPolicy(Policies.Officials, p => p.RequireRole(Roles.Staff, Roles.Executive, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return builder;
    }
}
