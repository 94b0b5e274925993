using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Municipal.Gateway;

internal static class Extensions
{
    /// <summary>YARP with routes from configuration (<c>ReverseProxy</c>), destinations resolved by service discovery.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<RejectInvalidTokens>();
        app.UseAuthorization();

        if (app.Environment.IsDevelopment())
        {
            app.MapDevTokenEndpoint();
        }

        return app;
    }
}

/// <summary>
/// A request that carries a token must carry a valid one: a bad or expired token is refused here
/// (401) rather than being forwarded as if the caller were anonymous. Services check it again.
/// </summary>
internal sealed class RejectInvalidTokens(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(HeaderNames.Authorization)
            && context.User.Identity?.IsAuthenticated != true
            && !context.Request.Path.StartsWithSegments("/dev/token"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Title = "The access token is not valid.",
                    Detail = "Sign in again: the token is malformed, expired, or not issued for Municipal.",
                },
            });
            return;
        }

        await next(context);
    }
}
