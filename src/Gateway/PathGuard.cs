using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Municipal.Gateway;

/// <summary>
/// Only canonical paths reach a route: no encoded slashes, backslashes or dots, no dot segments, no empty
/// segments. A path in any other form could be read one way here and another way by a service, so it
/// is refused (400) instead of being normalised and forwarded. No legitimate Municipal path needs them.
/// </summary>
internal sealed class PathGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        }

        if (!IsCanonical(raw))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The path is not in canonical form.",
                    Detail = "Paths may not contain encoded slashes or dots, backslashes, '.' or '..' segments, or empty segments.",
                },
            });
            return;
        }

        await next(context);
    }

    /// <summary>Whether the path part of a request target (query string ignored) is canonical.</summary>
    public static bool IsCanonical(string requestTarget)
    {
        var query = requestTarget.IndexOf('?');
        var path = query >= 0 ? requestTarget[..query] : requestTarget;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && !path[..scheme].Contains('/'))
        {
            // absolute-form (http://host/path): judge the path
            var slash = path.IndexOf('/', scheme + 3);
            path = slash >= 0 ? path[slash..] : "/";
        }

        if (!path.StartsWith('/'))
        {
            return false;
        }

        if (path.Contains('\\') || path.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var encoded in (ReadOnlySpan<string>)["%2f", "%5c", "%2e", "%00", "%25"])
        {
            if (path.Contains(encoded, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
