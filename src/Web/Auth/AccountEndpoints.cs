using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Localization;
using Municipal.Web.Localization;

namespace Municipal.Web.Auth;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Production: off to the OIDC authority, back to where the person was.
        app.MapGet("/account/oidc", (string? returnUrl, SignInMode mode) => mode.Oidc
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SignIn.LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound())
            .AllowAnonymous();

        // A form post with the antiforgery token (rendered by the layout), so no other site can sign someone out.
        app.MapPost("/account/sign-out", async (HttpContext http, SignInMode mode) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (mode.Oidc)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }

            return Results.LocalRedirect("/account/sign-in");
        });

        // The language switch: a cookie the request localization reads; the page is reloaded in the new language.
        app.MapGet("/culture", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (L.Cultures.Contains(culture))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }

            return Results.LocalRedirect(SignIn.LocalOrHome(returnUrl));
        }).AllowAnonymous();
    }
}
