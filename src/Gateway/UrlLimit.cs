using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Municipal.Gateway;

/// <summary>
/// Refuses an address longer than <see cref="EdgeLimits.MaxUrlBytes"/> with a 414 problem (in the GeoReport error form
/// under <c>/open311/</c>). Kestrel reads request lines up to <see cref="EdgeLimits.MaxRequestLineBytes"/>, so the
/// refusal comes from here, answered like every other, rather than as Kestrel's empty 414; a longer line still gets that.
/// </summary>
internal sealed class UrlLimit(RequestDelegate next, EdgeLimits limits, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > limits.MaxUrlBytes)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status414UriTooLong,
                    Title = "The address is too long.",
                    Detail = $"Addresses may have at most {limits.MaxUrlBytes / 1024} KB; this one has {target.Length / 1024} KB.",
                },
            });
            return;
        }

        await next(context);
    }
}
