using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>A photo file as it arrived, checked for its format.</summary>
public sealed record PhotoFile(string FileName, long Length, ImageFormat Format, Func<Stream> OpenReadStream);

/// <summary>
/// Stores the checked photos of a request: all of them, or none. Every photo a request gets, uploaded or fetched from
/// LINE, passes <see cref="Check"/> and is written here.
/// </summary>
public sealed partial class PhotoUploads(RequestsDbContext db, PhotoStore store, TimeProvider time, ILogger<PhotoStore> logger)
{
    /// <summary>
    /// Why this file cannot be a photo (over <paramref name="maxBytes"/>, or not a JPEG, PNG or WebP by its first bytes,
    /// whatever its name says); null when it can.
    /// </summary>
    public static Refusal? Check(string name, long length, ReadOnlySpan<byte> header, long maxBytes, out ImageFormat? format)
    {
        format = null;
        if (length > maxBytes)
        {
            return Refusal.Of(ProblemTypes.PayloadTooLarge, "The photo is too large.",
                $"'{name}' has {length:N0} bytes; a photo may have at most {maxBytes:N0} bytes (5 MB).");
        }

        format = ImageFormat.Detect(header);
        return format is null
            ? Refusal.Of(ProblemTypes.UnsupportedMediaType, "Not a JPEG, PNG or WebP picture.",
                $"'{name}' is not a picture this service takes, whatever its name says. Send a JPEG, PNG or WebP photo.")
            : null;
    }

    /// <summary>An upload: the photos are added and saved together; the files of a failed save go too.</summary>
    public async Task<Result<IReadOnlyList<RequestPhoto>>> StoreAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, Caller caller, CancellationToken cancellationToken)
    {
        var stored = await AddAsync(request, files, caller.Subject, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            Discard(request, stored);
            LogUploadRace(logger, request.Id);
            return RequestTransitions.ChangedMeanwhile("request's photos");
        }
        catch
        {
            Discard(request, stored);
            throw;
        }

        RequestsTelemetry.PhotosStored.Add(stored.Count);
        return stored;
    }

    /// <summary>
    /// Writes the files and adds the photos to the request without saving (a consumer's base commits them). With
    /// <paramref name="stableNames"/> a file is named after its slot, so a retried message writes the same files again
    /// instead of leaving the first try's behind.
    /// </summary>
    public async Task<List<RequestPhoto>> AddAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, string? uploadedBySubject, CancellationToken cancellationToken, string? stableNames = null)
    {
        var now = time.GetUtcNow();
        var stored = new List<RequestPhoto>();
        try
        {
            foreach (var file in files)
            {
                var fileName = stableNames is null
                    ? $"{Guid.NewGuid():N}.{file.Format.Extension}"
                    : $"{stableNames}-{request.NextPhotoSlot}.{file.Format.Extension}";
                var photo = request.AddPhoto(file.Format, file.Length, fileName, uploadedBySubject, now);
                await using var content = file.OpenReadStream();
                await store.SaveAsync(request.Id, photo.FileName, content, cancellationToken, overwrite: stableNames is not null);
                stored.Add(photo);
            }
        }
        catch
        {
            Discard(request, stored);
            throw;
        }

        return stored;
    }

    private void Discard(ServiceRequest request, IEnumerable<RequestPhoto> photos)
    {
        foreach (var photo in photos)
        {
            store.Delete(request.Id, photo.FileName);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Photo upload to request {RequestId} lost a race for a slot; the client is asked to retry.")]
    private static partial void LogUploadRace(ILogger logger, Guid requestId);
}
