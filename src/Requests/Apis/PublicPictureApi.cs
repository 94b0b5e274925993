using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>One request as anyone may see it, with the dates of its states (no notes, nobody's name).</summary>
public sealed record PublicRequestPage(PublicRequestView Request, DateTimeOffset? ResolvedAt, IReadOnlyList<PublicStep> History);

/// <summary>
/// The public picture (anonymous: the map, one request, the statistics of a fiscal year) and, for officials, the board's
/// map and the CSV exports of the list and of the statistics.
/// </summary>
public static class PublicPictureApi
{
    public static IEndpointRouteBuilder MapPublicPictureApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/requests/public").WithTags("Public map and statistics").AllowAnonymous();

        open.MapGet("/map", PublicMapAsync)
            .WithName("GetPublicMap")
            .WithSummary("Open and recently fixed requests with a location, for the public map (no personal data); filter by category, status, community, fiscal year.")
            .ProducesValidationProblem();

        open.MapGet("/stats", PublicStatsAsync)
            .WithName("GetPublicStatistics")
            .WithSummary("Public statistics of a fiscal year (the current one by default): counts by status, category and community, median hours to a first response and to the fix.")
            .ProducesValidationProblem();

        open.MapGet("/{id:guid}", PublicRequestAsync)
            .WithName("GetPublicRequest")
            .WithSummary("One request as anyone may see it (what a marker opens): masked text, the dates of its states, no personal data.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var officials = app.MapGroup("/api/requests").WithTags("Public map and statistics").RequireAuthorization(Policies.Officials);

        officials.MapGet("/map", BoardMapAsync)
            .WithName("GetBoardMap")
            .WithSummary("The requests board on a map: the board's filters (community, category, status, division, overdue, fiscal year, assigned to me).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        officials.MapGet("/export.csv", ExportRequestsAsync)
            .WithName("ExportRequestsCsv")
            .WithSummary("The requests board as CSV for Excel (UTF-8 with BOM, Thai headers), with the board's filters; phones and e-mails in text masked.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        officials.MapGet("/stats/export.csv", ExportStatisticsAsync)
            .WithName("ExportStatisticsCsv")
            .WithSummary("One table of the statistics (table=category, community or division) as CSV for Excel, the overall row last.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return app;
    }

    internal static async Task<Results<Ok<MapLayer>, ProblemHttpResult>> PublicMapAsync(
        PublicPicture picture, CancellationToken cancellationToken,
        Guid? community = null, string? category = null, string? status = null, int? fiscalYear = null, int? recentDays = null)
    {
        var layer = await picture.PublicMapAsync(community, category, status, fiscalYear, recentDays, cancellationToken);
        return layer.Succeeded ? TypedResults.Ok(layer.Value!) : layer.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<PublicStats>, ProblemHttpResult>> PublicStatsAsync(PublicPicture picture, CancellationToken cancellationToken, int? fiscalYear = null)
    {
        var stats = await picture.PublicStatsAsync(fiscalYear, cancellationToken);
        return stats.Succeeded ? TypedResults.Ok(stats.Value!) : stats.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<PublicRequestPage>, ProblemHttpResult>> PublicRequestAsync(Guid id, PublicPicture picture, CancellationToken cancellationToken)
    {
        var found = await picture.PublicRequestAsync(id, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Refusal!.ToProblem();
        }

        var (details, steps) = found.Value;
        return TypedResults.Ok(new PublicRequestPage(PublicRequestView.From(details.Request, details.Supporters, details.CommunityName), details.Request.ResolvedAt, steps));
    }

    internal static async Task<Results<Ok<MapLayer>, ProblemHttpResult>> BoardMapAsync(
        [AsParameters] RequestFilter filter, ClaimsPrincipal user, PublicPicture picture, CancellationToken cancellationToken)
    {
        var layer = await picture.BoardMapAsync(filter, Caller.From(user), cancellationToken);
        return layer.Succeeded ? TypedResults.Ok(layer.Value!) : layer.Refusal!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportRequestsAsync(
        [AsParameters] RequestFilter filter, ClaimsPrincipal user, CsvExports exports, CancellationToken cancellationToken)
    {
        var file = await exports.RequestsAsync(filter, Caller.From(user), cancellationToken);
        return file.Succeeded ? Csv(file.Value!) : file.Refusal!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportStatisticsAsync(
        CsvExports exports, CancellationToken cancellationToken,
        string? table = null, int? fiscalYear = null, Guid? community = null, string? category = null, string? division = null)
    {
        var file = await exports.StatisticsAsync(table, fiscalYear, community, category, division, cancellationToken);
        return file.Succeeded ? Csv(file.Value!) : file.Refusal!.ToProblem();
    }

    private static FileContentHttpResult Csv(CsvFile file) => TypedResults.File(file.Content, "text/csv; charset=utf-8", file.FileName);
}
