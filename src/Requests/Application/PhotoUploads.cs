using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>A photo file as it arrived, checked for its format.</summary>
public sealed record PhotoFile(string FileName, long Length, ImageFormat Format, Func<Stream> OpenReadStream);

/// <summary>Stores the checked photos of a request: all of them, or none.</summary>
public sealed partial class PhotoUploads(RequestsDbContext db, PhotoStore store, TimeProvider time, ILogger<PhotoStore> logger)
{
    public async Task<Result<IReadOnlyList<RequestPhoto>>> StoreAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, Caller caller, CancellationToken cancellationToken)
    {
        // Every photo is re-encoded before any is stored: its metadata (GPS, camera, XMP) and trailing bytes never
        // reach the disk, and a file that is no picture refuses the whole upload.
        var clean = new List<CleanPhoto>();
        foreach (var file in files)
        {
            var original = new byte[file.Length];
            await using (var content = file.OpenReadStream())
            {
                await content.ReadExactlyAsync(original, cancellationToken);
            }

            switch (PhotoReencoder.TryReencode(original, file.Format, out var photo))
            {
                case PhotoTrouble.Unreadable:
                    return Refusal.Of(ProblemTypes.UnsupportedMediaType, "The picture cannot be read.",
                        $"'{file.FileName}' starts like a {file.Format.Extension.ToUpperInvariant()} picture but does not decode as one. Send the photo as the camera saved it.");
                case PhotoTrouble.TooManyPixels:
                    return Refusal.Of(ProblemTypes.PayloadTooLarge, "The picture has too many pixels.",
                        $"'{file.FileName}' has more than {PhotoReencoder.MaxPixels / 1_000_000} megapixels. Send a smaller photo.");
            }

            clean.Add(photo!);
        }

        var now = time.GetUtcNow();
        var stored = new List<RequestPhoto>();
        try
        {
            foreach (var photoFile in clean)
            {
                var photo = request.AddPhoto(photoFile.Format, photoFile.Bytes.Length, $"{Guid.NewGuid():N}.{photoFile.Format.Extension}", caller.Subject, now);
                await using var content = new MemoryStream(photoFile.Bytes, writable: false);
                await store.SaveAsync(request.Id, photo.FileName, content, cancellationToken);
                stored.Add(photo);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // Nothing half-written: the files of a failed upload go too.
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

    [LoggerMessage(LogLevel.Warning, "Photo upload to request {RequestId} lost a race for a slot; the client is asked to retry.")]
    private static partial void LogUploadRace(ILogger logger, Guid requestId);
}
