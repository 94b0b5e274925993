using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

public static partial class PhotosApi
{
    public static RouteGroupBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/{id:guid}/photos").WithTags("Photos");

        api.MapPost("", UploadAsync)
            .RequireAuthorization(Policies.SignedIn)
            .DisableAntiforgery() // bearer tokens, not cookies: nothing for a forged form to ride on
            .WithName("UploadRequestPhotos")
            .WithSummary("Add photos (multipart/form-data; JPEG, PNG or WebP, at most 5 MB each, 3 per request).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/{n:int}", DownloadAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetRequestPhoto")
            .WithSummary("One photo of a request, for those who may see the request.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg", additionalContentTypes: ["image/png", "image/webp"])
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Created<Page<PhotoView>>, ProblemHttpResult>> UploadAsync(
        Guid id, IFormFileCollection files, ClaimsPrincipal user, RequestsDbContext db, PhotoUploads uploads,
        IOptions<PhotoOptions> options, CancellationToken cancellationToken)
    {
        var actor = Caller.From(user);
        var request = await db.Requests.Include(r => r.Photos).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(actor, request))
        {
            return RequestReads.NoSuchRequest.ToProblem();
        }

        if (!RequestAccess.CanAddPhotos(actor, request))
        {
            return Refusal.Forbidden("You may not add photos to this request.",
                "Photos are added by the submitter, the community's leader, or staff who work the request.").ToProblem();
        }

        if (!request.Status.IsOpen())
        {
            return Refusal.Of(RequestsProblems.RequestNotOpen, $"The request is {request.Status.ToCode()}.", "Photos are added to open requests only.")
                .With("currentStatus", request.Status.ToCode()).ToProblem();
        }

        if (files.Count == 0)
        {
            return Refusal.Invalid("photo", FieldError.Rule(FieldErrorCodes.NoFile, "Attach at least one photo as a file part of a multipart/form-data body.")).ToProblem();
        }

        if (request.BeforePhotoCount + files.Count > ServiceRequest.MaxPhotos)
        {
            return Refusal.Of(RequestsProblems.TooManyPhotos, $"A request carries at most {ServiceRequest.MaxPhotos} photos.",
                    $"It has {request.BeforePhotoCount}; {files.Count} more would be too many.")
                .With("max", ServiceRequest.MaxPhotos).With("count", request.BeforePhotoCount).ToProblem();
        }

        // Check every file before storing any: all of them are taken, or none.
        var checkedFiles = new List<PhotoFile>();
        foreach (var file in files)
        {
            var header = await HeaderAsync(file, cancellationToken);
            if (PhotoUploads.Check(file.FileName, file.Length, header, options.Value.MaxBytes, out var format) is { } refused)
            {
                return refused.ToProblem();
            }

            checkedFiles.Add(new PhotoFile(file.FileName, file.Length, format!, file.OpenReadStream));
        }

        var stored = await uploads.StoreAsync(request, checkedFiles, actor, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Refusal!.ToProblem();
        }

        var views = stored.Value!.Select(PhotoView.From).ToList();
        return TypedResults.Created(views[0].Url, new Page<PhotoView>(views, views.Count));
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, int n, HttpResponse response, ClaimsPrincipal user, RequestsDbContext db, PhotoStore store, ILogger<PhotoStore> logger, CancellationToken cancellationToken)
    {
        var actor = Caller.From(user);
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(actor, request))
        {
            return RequestReads.NoSuchRequest.ToProblem();
        }

        var photo = await db.Photos.AsNoTracking().FirstOrDefaultAsync(p => p.RequestId == id && p.Number == n, cancellationToken);
        if (photo is null)
        {
            return Refusal.NotFound("No such photo.").ToProblem();
        }

        var stream = store.OpenRead(id, photo.FileName);
        if (stream is null)
        {
            LogPhotoMissing(logger, id, n);
            return Refusal.NotFound("The photo's file is missing.").ToProblem();
        }

        response.Headers.CacheControl = "private, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, photo.ContentType);
    }

    private static async Task<byte[]> HeaderAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var header = new byte[ImageFormat.HeaderLength];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        return header[..read];
    }

    [LoggerMessage(LogLevel.Error, "Photo {Number} of request {RequestId} is in the database but its file is missing from the photo store.")]
    private static partial void LogPhotoMissing(ILogger logger, Guid requestId, int number);
}
