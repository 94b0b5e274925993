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
/// LINE, passes <see cref="Check"/>, is re-encoded by <see cref="CleanAsync"/> (so no metadata is stored from any
/// channel) and is written here.
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

    /// <summary>
    /// The photo decoded and encoded again (<see cref="PhotoReencoder"/>): its metadata (GPS, camera, XMP) and trailing
    /// bytes never reach the disk. A file that only starts like a picture is refused (415), one with too many pixels too (413).
    /// </summary>
    public static async Task<Result<CleanPhoto>> CleanAsync(PhotoFile file, CancellationToken cancellationToken)
    {
        var original = new byte[file.Length];
        await using (var content = file.OpenReadStream())
        {
            await content.ReadExactlyAsync(original, cancellationToken);
        }

        return PhotoReencoder.TryReencode(original, file.Format, out var photo) switch
        {
            PhotoTrouble.Unreadable => Refusal.Of(ProblemTypes.UnsupportedMediaType, "The picture cannot be read.",
                $"'{file.FileName}' starts like a {file.Format.Extension.ToUpperInvariant()} picture but does not decode as one. Send the photo as the camera saved it."),
            PhotoTrouble.TooManyPixels => Refusal.Of(ProblemTypes.PayloadTooLarge, "The picture has too many pixels.",
                $"'{file.FileName}' has more than {PhotoReencoder.MaxPixels / 1_000_000} megapixels. Send a smaller photo."),
            _ => photo!,
        };
    }

    /// <summary>An upload: the photos are re-encoded, then added and saved together; the files of a failed save go too.</summary>
    public async Task<Result<IReadOnlyList<RequestPhoto>>> StoreAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, Caller caller, CancellationToken cancellationToken)
    {
        // Every photo is re-encoded before any is stored, and a file that is no picture refuses the whole upload.
        var clean = new List<CleanPhoto>();
        foreach (var file in files)
        {
            var photo = await CleanAsync(file, cancellationToken);
            if (!photo.Succeeded)
            {
                return photo.Refusal!;
            }

            clean.Add(photo.Value!);
        }

        var stored = await AddAsync(request, clean, caller.Subject, cancellationToken);
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
    /// Writes the re-encoded photos and adds them to the request without saving (a consumer's base commits them). With
    /// <paramref name="stableNames"/> a file is named after its slot, so a retried message writes the same files again
    /// instead of leaving the first try's behind.
    /// </summary>
    public async Task<List<RequestPhoto>> AddAsync(
        ServiceRequest request, IReadOnlyList<CleanPhoto> photos, string? uploadedBySubject, CancellationToken cancellationToken, string? stableNames = null)
    {
        var now = time.GetUtcNow();
        var stored = new List<RequestPhoto>();
        try
        {
            foreach (var clean in photos)
            {
                var fileName = stableNames is null
                    ? $"{Guid.NewGuid():N}.{clean.Format.Extension}"
                    : $"{stableNames}-{request.NextPhotoSlot}.{clean.Format.Extension}";
                var photo = request.AddPhoto(clean.Format, clean.Bytes.Length, fileName, uploadedBySubject, now);
                await using var content = new MemoryStream(clean.Bytes, writable: false);
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
