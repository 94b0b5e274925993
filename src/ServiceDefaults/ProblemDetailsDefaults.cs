using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Municipal.ServiceDefaults.Problems;
using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every error leaves a Municipal process as RFC 9457 problem details, carrying the trace id so an
/// operator can find the whole story in the dashboard.
/// </summary>
public static class ProblemDetailsDefaults
{
    public static TBuilder AddProblemDetailsDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Every answer names its kind (docs/architecture.md, "Problem kinds"); one the code did not name gets the
            // kind of its status, and a title when it has none (a bare NotFound() would be an untitled "Not Found").
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            if (ProblemType.CodeOf(context.ProblemDetails.Type) is null)
            {
                var kind = context.ProblemDetails is HttpValidationProblemDetails && status == StatusCodes.Status400BadRequest
                    ? ProblemTypes.Validation
                    : ProblemTypes.ForStatus(status);
                context.ProblemDetails.Type = kind.Uri;
                if (string.IsNullOrWhiteSpace(context.ProblemDetails.Title) || context.ProblemDetails.Title == ReasonPhraseOf(status))
                {
                    context.ProblemDetails.Title = kind.Title;
                }
            }

            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // The bare trace id: what an operator types into the dashboard's trace search.
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Let a malformed body reach the exception handler, which explains what was wrong (400),
        // instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    private static string ReasonPhraseOf(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}

/// <summary>Turns a request the framework could not read (bad JSON, wrong types, too large) into a 4xx problem.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is InvalidDataException or IOException && httpContext.Request.HasFormContentType)
        {
            // A multipart form the framework could not parse (no parts, a broken boundary, a part too large).
            logger.LogInformation("Refused an unreadable form");
            return await WriteAsync(httpContext, exception, StatusCodes.Status400BadRequest, "The form could not be read.", exception.Message, ProblemTypes.Unreadable);
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        // The message names the parameter and, for JSON, the path and position of the fault; it holds no input values.
        var detail = bad.InnerException is System.Text.Json.JsonException json
            ? $"{bad.Message} {json.Message}"
            : bad.Message;
        logger.LogInformation("Refused an unreadable request: {Status}", bad.StatusCode);
        var title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.";
        var kind = bad.StatusCode == StatusCodes.Status400BadRequest ? ProblemTypes.Unreadable : ProblemTypes.ForStatus(bad.StatusCode);
        return await WriteAsync(httpContext, exception, bad.StatusCode, title, detail, kind);
    }

    private ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, int status, string title, string detail, ProblemType kind)
    {
        httpContext.Response.StatusCode = status;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Type = kind.Uri, Status = status, Title = title, Detail = detail },
        });
    }
}
