using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>X-Correlation-Id</c>: the id a caller quotes when something went wrong. The gateway sets it (the
/// caller's own, if well-formed, else the trace id), answers it on every response and forwards it; every
/// process puts it in the scope of its logs, so one id finds every line of one request.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    /// <summary>A caller's id is kept only if it is short and plain: it ends up in logs.</summary>
    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string For(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        return IsWellFormed(incoming) ? incoming : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = For(context);
        context.Request.Headers[Header] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", id);
        var logger = context.RequestServices.GetService(typeof(ILogger<CorrelationScopeMarker>)) as ILogger;
        using (logger?.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    });

    private sealed class CorrelationScopeMarker;
}
