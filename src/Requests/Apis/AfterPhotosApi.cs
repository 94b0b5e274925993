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

/// <summary>Proof of the fix in pictures: staff add "after" photos when resolving, with a limit of their own.</summary>
public static class AfterPhotosApi
{
    public static RouteGroupBuilder MapAfterPhotosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/{id:guid}/photos/after").WithTags("Photos");

        api.MapPost("", UploadAsync)
            .RequireAuthorization(Policies.Staff)
            .DisableAntiforgery() // bearer tokens, not cookies
            .WithName("UploadAfterPhotos")
            .WithSummary("Add \"after\" photos of the fix (multipart/form-data; JPEG, PNG or WebP, 5 MB each, 3 per request apart from the citizen's) while it is worked or once resolved.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return api;
    }

    internal static async Task<Results<Created<Page<PhotoView>>, ProblemHttpResult>> UploadAsync(
        Guid id, IFormFileCollection files, ClaimsPrincipal user, RequestsDbContext db, PhotoUploads uploads,
        IOptions<PhotoOptions> photos, IOptions<AfterPhotoOptions> after, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var request = await db.Requests.Include(r => r.Photos).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest.ToProblem();
        }

        if (PhotoUploads.CheckAfter(request, Math.Max(files.Count, 1), after.Value.MaxAfter, caller) is { } refused)
        {
            return refused.ToProblem();
        }

        var checkedFiles = new List<PhotoFile>();
        foreach (var file in files)
        {
            if (file.Length > photos.Value.MaxBytes)
            {
                return Refusal.Of(ProblemTypes.PayloadTooLarge, "The photo is too large.",
                    $"'{file.FileName}' has {file.Length:N0} bytes; a photo may have at most {photos.Value.MaxBytes:N0} bytes.").ToProblem();
            }

            var header = new byte[ImageFormat.HeaderLength];
            await using (var stream = file.OpenReadStream())
            {
                var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
                if (ImageFormat.Detect(header.AsSpan(0, read)) is not { } format)
                {
                    return Refusal.Of(ProblemTypes.UnsupportedMediaType, "Not a JPEG, PNG or WebP picture.",
                        $"'{file.FileName}' is not a picture this service takes, whatever its name says.").ToProblem();
                }

                checkedFiles.Add(new PhotoFile(file.FileName, file.Length, format, file.OpenReadStream));
            }
        }

        var stored = await uploads.StoreAfterAsync(request, checkedFiles, after.Value.MaxAfter, caller, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Refusal!.ToProblem();
        }

        var views = stored.Value!.Select(PhotoView.From).ToList();
        return TypedResults.Created(views[0].Url, new Page<PhotoView>(views, views.Count));
    }
}
