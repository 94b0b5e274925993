using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Municipal.Web.Auth;

namespace Municipal.Web.Tests;

/// <summary>The web client's cookies are Secure outside Development, without a browser or a system.</summary>
public sealed class CookieSecurityTests
{
    private static async Task<(CookieSecurePolicy SignIn, CookieSecurePolicy Antiforgery)> PoliciesAsync(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.AddSignIn();
        await using var app = builder.Build();
        var signIn = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var antiforgery = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        return (signIn.Cookie.SecurePolicy, antiforgery.Cookie.SecurePolicy);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_the_sign_in_and_antiforgery_cookies_are_secure(string environment)
    {
        var (signIn, antiforgery) = await PoliciesAsync(environment);
        Assert.Equal(CookieSecurePolicy.Always, signIn);
        Assert.Equal(CookieSecurePolicy.Always, antiforgery);
    }

    [Fact]
    public async Task On_a_developers_machine_plain_http_on_localhost_still_signs_in()
    {
        var (signIn, _) = await PoliciesAsync("Development");
        Assert.Equal(CookieSecurePolicy.SameAsRequest, signIn);
    }
}
