using Microsoft.AspNetCore.Components.Authorization;

namespace Municipal.Web.Api;

/// <summary>
/// CSV downloads for the board and the statistics: the browser asks the web client with its cookie (a plain link), and the
/// web client fetches the file from the gateway with the user's token. The API decides who may export; a refusal is a 403 here.
/// </summary>
internal static class ExportEndpoints
{
    private static readonly string[] RequestFilters = ["status", "category", "community", "division", "overdue", "fiscalYear", "assignedToMe"];
    private static readonly string[] StatsFilters = ["table", "fiscalYear", "community", "category", "division"];

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/exports").RequireAuthorization();
        exports.MapGet("/requests.csv", (HttpContext http, CancellationToken cancellationToken) =>
            RelayAsync(http, Api.Query.Of("/api/requests/export.csv", Pick(http, RequestFilters)), "requests.csv", cancellationToken));
        exports.MapGet("/statistics.csv", (HttpContext http, CancellationToken cancellationToken) =>
            RelayAsync(http, Api.Query.Of("/api/requests/stats/export.csv", Pick(http, StatsFilters)), "statistics.csv", cancellationToken));
    }

    private static (string, object?)[] Pick(HttpContext http, string[] names) =>
        names.Select(n => (n, (object?)http.Request.Query[n].FirstOrDefault())).ToArray();

    private static async Task<IResult> RelayAsync(HttpContext http, string path, string fileName, CancellationToken cancellationToken)
    {
        var state = http.RequestServices.GetRequiredService<AuthenticationStateProvider>();
        if (state is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        }

        var file = await http.RequestServices.GetRequiredService<Gateway>().DownloadAsync(path, cancellationToken);
        if (file is not { } found)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(found.Content, "text/csv; charset=utf-8", fileName);
    }
}
