using Municipal.ServiceDefaults;
using System.Diagnostics;

namespace Municipal.Gateway;

/// <summary>
/// One line per request: method, path, status, duration (the correlation id is in the log scope). Only
/// the path: never the query string (it may hold names or phone numbers), never a header (tokens), and a path that holds a
/// secret (a calendar feed's address) as its template (<see cref="SecretPaths"/>).
/// </summary>
internal sealed partial class AccessLog(RequestDelegate next, ILogger<AccessLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
            Log(context, context.Response.StatusCode, started);
        }
        catch
        {
            Log(context, StatusCodes.Status500InternalServerError, started);
            throw;
        }
    }

    private void Log(HttpContext context, int status, long started)
    {
        if (context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/alive"))
        {
            return;
        }

        LogRequest(context.Request.Method, SecretPaths.Redact(context.Request.Path), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(LogLevel.Information, "{Method} {Path} {Status} {ElapsedMs:0.0} ms")]
    private partial void LogRequest(string method, string path, int status, double elapsedMs);
}
