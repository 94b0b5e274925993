using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application.Csv;
using Municipal.Edge;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

/// <summary>CSV in and out: the municipality keeps its lists in spreadsheets.</summary>
public static class TransferApi
{
    public const string CsvContentType = "text/csv";

    /// <summary>Besides text/csv: a form upload, and what browsers and spreadsheet programs label CSV files with.</summary>
    private static readonly string[] UploadContentTypes = ["multipart/form-data", "application/vnd.ms-excel", "text/plain", "application/octet-stream"];

    public static RouteGroupBuilder MapTransferApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities").WithTags("Import and export").RequireAuthorization(Policies.Staff);

        api.MapPost("/import/communities", ImportCommunitiesAsync)
            .Accepts<string>(CsvContentType, UploadContentTypes)
            .WithName("ImportCommunities")
            .WithSummary("Import communities from CSV (UTF-8), matched by code (staff, admin). Every row is checked first: any bad row and " +
                "nothing is written (422 listing each bad row's line and reasons), unless mode=good-rows-only. Re-importing changes nothing.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/import/people", ImportPeopleAsync)
            .Accepts<string>(CsvContentType, UploadContentTypes)
            .WithName("ImportPeople")
            .WithSummary("Import people with their terms of office from CSV (UTF-8), matched by person_id or Thai name + phone (staff, admin). " +
                "Every row is checked first: any bad row and nothing is written (422 listing each bad row), unless mode=good-rows-only.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/export/communities", ExportCommunitiesAsync)
            .WithName("ExportCommunities")
            .WithSummary("Every community as CSV, in the shape the import reads (staff, admin).")
            .Produces<string>(StatusCodes.Status200OK, CsvContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/export/people", ExportPeopleAsync)
            .WithName("ExportPeople")
            .WithSummary("Every person (not erased) with their terms, as CSV in the shape the import reads (staff, admin). " +
                "Each person's contact details read this way are logged.")
            .Produces<string>(StatusCodes.Status200OK, CsvContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }

    internal static Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportCommunitiesAsync(
        HttpRequest request, CommunityImport import, CancellationToken cancellationToken, string? mode = null) =>
        ImportAsync(request, mode, (content, m) => import.ImportAsync(content, m, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportPeopleAsync(
        HttpRequest request, PeopleImport import, CancellationToken cancellationToken, string? mode = null) =>
        ImportAsync(request, mode, (content, m) => import.ImportAsync(content, m, cancellationToken), cancellationToken);

    internal static async Task<FileContentHttpResult> ExportCommunitiesAsync(Exports exports, CancellationToken cancellationToken) =>
        TypedResults.File(await exports.CommunitiesAsync(cancellationToken), $"{CsvContentType}; charset=utf-8", "communities.csv");

    internal static async Task<FileContentHttpResult> ExportPeopleAsync(Exports exports, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.File(await exports.PeopleAsync(Caller.From(user), cancellationToken), $"{CsvContentType}; charset=utf-8", "people.csv");

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, string? modeText, Func<byte[], ImportMode, Task<Result<ImportReport>>> import, CancellationToken cancellationToken)
    {
        if (!ImportModes.TryParse(modeText, out var mode))
        {
            return Refusal.Invalid("mode", FieldError.NotOneOf([ImportModes.AllOrNothing, ImportModes.GoodRowsOnly], $"Use {ImportModes.AllOrNothing} (the default) or {ImportModes.GoodRowsOnly}.")).ToProblem();
        }

        var content = await ReadFileAsync(request, cancellationToken);
        if (content is null)
        {
            return Refusal.Of(ProblemTypes.PayloadTooLarge, "The file is too large.",
                $"Import at most {CsvTable.MaxBytes / 1024 / 1024} MB at a time; split the file.").ToProblem();
        }

        var result = await import(content, mode);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    /// <summary>The uploaded file: the body itself (text/csv), or the first file of a multipart form. Null when too large.</summary>
    private static async Task<byte[]?> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return await ReadBoundedAsync(request.Body, cancellationToken);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count == 0)
        {
            return [];
        }

        await using var file = form.Files[0].OpenReadStream();
        return await ReadBoundedAsync(file, cancellationToken);
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > CsvTable.MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
