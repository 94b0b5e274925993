using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Model;

namespace Municipal.Gateway;

/// <summary>
/// Refuses a body larger than its route allows (413) before anything is sent to a service: at once when
/// the request declares its length, and by Kestrel while reading when it does not. A route may name its
/// own limit (<c>MaxRequestBodySize</c>: photo uploads take 16 MB); every other takes <see cref="EdgeLimits.MaxBodyBytes"/>.
/// </summary>
internal sealed class BodyLimit(RequestDelegate next, EdgeLimits limits, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var routeLimit = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.MaxRequestBodySize;
        var limit = routeLimit is > 0 ? routeLimit.Value : limits.MaxBodyBytes;
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"This route accepts at most {limit / 1024} KB.",
                },
            });
            return;
        }

        await next(context);
    }
}
