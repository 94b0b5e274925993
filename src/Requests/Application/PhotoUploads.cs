using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>A photo file as it arrived, checked for its format.</summary>
public sealed record PhotoFile(string FileName, long Length, ImageFormat Format, Func<Stream> OpenReadStream);

/// <summary>Stores the checked photos of a request: all of them, or none.</summary>
public sealed partial class PhotoUploads(RequestsDbContext db, PhotoStore store, TimeProvider time, ILogger<PhotoStore> logger)
{
    public async Task<Result<IReadOnlyList<RequestPhoto>>> StoreAsync(
        ServiceRequest request, IReadOnlyList<PhotoFile> files, Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = new List<RequestPhoto>();
        try
        {
            foreach (var file in files)
            {
                var photo = request.AddPhoto(file.Format, file.Length, $"{Guid.NewGuid():N}.{file.Format.Extension}", caller.Subject, now);
                await using var content = file.OpenReadStream();
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
