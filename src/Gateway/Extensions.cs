using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Municipal.Gateway;

internal static class Extensions
{
    /// <summary>
    /// YARP with routes from configuration (<c>ReverseProxy</c>; destinations by service discovery), and the
    /// edge's defences: canonical paths, rate limits, body and header limits, timeouts, CORS.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DevelopmentDoor>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        var limits = builder.Configuration.GetSection(EdgeLimits.Section).Get<EdgeLimits>() ?? new();
        builder.Services.AddSingleton(limits);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxHeaderCount;
            // Thai typed raw into an address is percent-encoded before Kestrel reads it (RawTargets), not an empty 400.
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(RawTargets.Middleware));
            kestrel.Limits.MaxRequestLineSize = Math.Max(limits.MaxRequestLineBytes, limits.MaxUrlBytes + 1024);
        });
        // Open311 clients read every error in the spec's form, the edge's refusals included.
        builder.Services.AddGeoReportErrors();
        builder.Services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new() { Timeout = limits.Timeout });

        builder.AddTrustedProxies();
        builder.AddRateLimits();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(CorrelationId.Header, HeaderNames.RetryAfter, HeaderNames.Location, HeaderNames.ETag)));
        return builder;
    }

    /// <summary>The edge's pipeline, in order: what is refused early costs the services nothing.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseTrustedProxies(); // first: everything after it sees the client's address, as the trusted proxies name it
        app.UseServiceDefaults();
        app.UseMiddleware<AccessLog>();
        app.UseMiddleware<PathGuard>();
        app.UseMiddleware<UrlLimit>();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseMiddleware<RejectInvalidTokens>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseMiddleware<BodyLimit>();
        app.UseAuthorization();

        if (app.Environment.IsDevelopment())
        {
            app.MapDevTokenEndpoint();
        }

        return app;
    }
}

/// <summary>Configuration section <c>Limits</c>: what the edge accepts.</summary>
public sealed class EdgeLimits
{
    public const string Section = "Limits";

    /// <summary>JSON and form bodies: 1 MB. Routes that take uploads name their own (photos: 16 MB).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    public int MaxHeaderCount { get; set; } = 64;

    /// <summary>
    /// The longest address (path and query) taken: 32 KB, room for an Open311 client polling 1,000 request ids in one
    /// GET (FixMyStreet does); longer is 414.
    /// </summary>
    public int MaxUrlBytes { get; set; } = 32 * 1024;

    /// <summary>What Kestrel reads of a request line before it answers 414 on its own, without a body.</summary>
    public int MaxRequestLineBytes { get; set; } = 64 * 1024;

    /// <summary>How long a request may take, unless its route says otherwise.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
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
