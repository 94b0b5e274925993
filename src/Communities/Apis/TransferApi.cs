using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application.Csv;
using Municipal.ServiceDefaults;
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

    internal static Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportCommunitiesAsync(
        HttpRequest request, CommunityImport import, CancellationToken cancellationToken, string? mode = null) =>
        ImportAsync(request, mode, (content, m) => import.ImportAsync(content, m, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportPeopleAsync(
        HttpRequest request, PeopleImport import, CancellationToken cancellationToken, string? mode = null) =>
        ImportAsync(request, mode, (content, m) => import.ImportAsync(content, m, cancellationToken), cancellationToken);

    internal static async Task<FileContentHttpResult> ExportCommunitiesAsync(Exports exports, CancellationToken cancellationToken) =>
        TypedResults.File(await exports.CommunitiesAsync(cancellationToken), $"{CsvContentType}; charset=utf-8", "communities.csv");

    internal static async Task<FileContentHttpResult> ExportPeopleAsync(Exports exports, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.File(await exports.PeopleAsync(Http.CallerOf(user), cancellationToken), $"{CsvContentType}; charset=utf-8", "people.csv");

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, string? modeText, Func<byte[], ImportMode, Task<ImportOutcome>> import, CancellationToken cancellationToken)
    {
        if (!ImportModes.TryParse(modeText, out var mode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["mode"] = [$"Use {ImportModes.AllOrNothing} (the default) or {ImportModes.GoodRowsOnly}."],
            });
        }

        var content = await ReadFileAsync(request, cancellationToken);
        if (content is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                detail: $"Import at most {CsvTable.MaxBytes / 1024 / 1024} MB at a time; split the file.");
        }

        ImportOutcome outcome;
        try
        {
            outcome = await import(content, mode);
        }
        catch (CsvFileException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [ex.Message] }, title: "The file cannot be imported.");
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            return Http.Conflict("The registry changed during the import.", "Someone changed the same records meanwhile; nothing was imported. Import the file again.");
        }

        return outcome switch
        {
            ImportOutcome.Imported imported => TypedResults.Ok(imported.Report),
            ImportOutcome.Refused refused => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The file has bad rows; nothing was imported.",
                detail: $"{refused.BadRows.Count} of {refused.Rows} rows are bad (lines {string.Join(", ", refused.BadRows.Select(r => r.Line))}). " +
                    $"Correct them and import the file again, or import the good rows only with mode={ImportModes.GoodRowsOnly}.",
                extensions: new Dictionary<string, object?> { ["rows"] = refused.BadRows }),
            _ => throw new InvalidOperationException("Unknown import outcome."),
        };
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
