using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Municipal.ServiceDefaults;
using System.Globalization;
using System.Threading.RateLimiting;

namespace Municipal.Gateway;

/// <summary>Configuration section <c>RateLimits</c>: requests per window, per caller.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The policy that YARP routes for submissions name (<c>RateLimiterPolicy</c>).</summary>
    public const string SubmissionsPolicy = "submissions";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Every request of a signed-in caller, per subject.</summary>
    public int SignedInPerWindow { get; set; } = 600;

    /// <summary>Every request of an anonymous caller, per client address.</summary>
    public int AnonymousPerWindow { get; set; } = 120;

    /// <summary>Submissions (requests, Open311 reports, registrations) of a signed-in caller, per subject.</summary>
    public int SubmissionsSignedInPerWindow { get; set; } = 30;

    /// <summary>Submissions of an anonymous caller, per client address.</summary>
    public int SubmissionsAnonymousPerWindow { get; set; } = 10;

    /// <summary>
    /// Calls to the LINE webhook, per client address, apart from the anonymous limit. LINE delivers every citizen's chat
    /// from a few addresses of its own, so the anonymous limit would throttle the whole town's chats as one caller; a
    /// bucket per address keeps a flood of unsigned calls from elsewhere from using up LINE's. Notifications checks each
    /// call's signature and refuses an unsigned one before any work.
    /// </summary>
    public int LineWebhookPerWindow { get; set; } = 6000;

    /// <summary>The path of the LINE webhook (Notifications), which has its own limit.</summary>
    public const string LineWebhookPath = "/api/notifications/line/webhook";
}

/// <summary>
/// Rate limits at the edge: per signed-in subject, or per client address for anonymous callers, with a
/// stricter limit for submissions. A refusal is 429 with <c>Retry-After</c> and problem details.
/// </summary>
internal static class RateLimits
{
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments(RateLimitOptions.LineWebhookPath, StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("line-webhook:" + Address(context), _ => Window(options, options.LineWebhookPerWindow));
                }

                var (key, signedIn) = Partition(context);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(options,
                    signedIn ? options.SignedInPerWindow : options.AnonymousPerWindow));
            });
            limiter.AddPolicy(RateLimitOptions.SubmissionsPolicy, context =>
            {
                var (key, signedIn) = Partition(context);
                return RateLimitPartition.GetFixedWindowLimiter("submit:" + key, _ => Window(options,
                    signedIn ? options.SubmissionsSignedInPerWindow : options.SubmissionsAnonymousPerWindow));
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Try again in {seconds} seconds.",
                    },
                });
            };
        });
        return builder;
    }

    /// <summary>A signed-in caller is limited by subject wherever they call from; others by address.</summary>
    private static (string Key, bool SignedIn) Partition(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Subject() is { } subject
            ? ("sub:" + subject, true)
            : ("ip:" + Address(context), false);

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Window(RateLimitOptions options, int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = options.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
