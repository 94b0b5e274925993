using Municipal.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Application;

/// <summary>Configuration <c>Requests:Photos:MaxAfter</c>: how many "after" photos of the fix a request carries (3), apart from the citizen's.</summary>
public sealed class AfterPhotoOptions
{
    public int MaxAfter { get; set; } = ServiceRequest.DefaultMaxAfterPhotos;
}

public sealed partial class PhotoUploads
{
    /// <summary>
    /// "After" photos of the fix, by staff who work the request, while it is being worked or once resolved (up to its
    /// closing): all of the checked files, or none. They have their own limit, apart from the citizen's three.
    /// </summary>
    public async Task<Result<IReadOnlyList<RequestPhoto>>> StoreAfterAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, int maxAfter, Caller caller, CancellationToken cancellationToken)
    {
        if (CheckAfter(request, files.Count, maxAfter, caller) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var stored = new List<RequestPhoto>();
        try
        {
            foreach (var file in files)
            {
                var photo = request.AddAfterPhoto(file.Format, file.Length, $"{Guid.NewGuid():N}.{file.Format.Extension}", caller.Subject, now, maxAfter);
                await using var content = file.OpenReadStream();
                await store.SaveAsync(request.Id, photo.FileName, content, cancellationToken);
                stored.Add(photo);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            foreach (var photo in stored)
            {
                store.Delete(request.Id, photo.FileName);
            }

            if (ex is DbUpdateException)
            {
                LogUploadRace(logger, request.Id);
                return RequestTransitions.ChangedMeanwhile("request's photos");
            }

            throw;
        }

        RequestsTelemetry.PhotosStored.Add(stored.Count);
        return stored;
    }

    /// <summary>Whether <paramref name="caller"/> may add <paramref name="count"/> "after" photos to the request now; the refusal if not.</summary>
    public static Refusal? CheckAfter(ServiceRequest request, int count, int maxAfter, Caller caller)
    {
        if (!RequestAccess.CanWork(caller, request))
        {
            return Refusal.Of(RequestsProblems.NotYourWork, detail: "Photos of the fix are added by staff who work the request.");
        }

        if (request.Status is not (RequestStatus.Triaged or RequestStatus.InProgress or RequestStatus.Resolved))
        {
            return Refusal.Of(RequestsProblems.RequestNotOpen, $"The request is {request.Status.ToCode()}.",
                    "Photos of the fix are added while it is worked (triaged, in progress) or once it is resolved.")
                .With("currentStatus", request.Status.ToCode());
        }

        if (count == 0)
        {
            return Refusal.Invalid("photo", FieldError.Rule(FieldErrorCodes.NoFile, "Attach at least one photo as a file part of a multipart/form-data body."));
        }

        if (request.AfterPhotoCount + count > maxAfter)
        {
            return Refusal.Of(RequestsProblems.TooManyPhotos, $"A request carries at most {maxAfter} photos of its fix.",
                    $"It has {request.AfterPhotoCount}; {count} more would be too many.")
                .With("max", maxAfter).With("count", request.AfterPhotoCount).With("photos", "after");
        }

        return null;
    }
}
