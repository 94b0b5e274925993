using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Application;

/// <summary>
/// A report finished in the LINE chat becomes a request (channel <c>line</c>) whose id is the report's and whose
/// submitter is the reporter's <c>line:…</c> subject, with the photos fetched from LINE's content API through the
/// same checks, re-encoding and store as uploaded photos. Without saving: the consumer's base commits it with its inbox record.
/// </summary>
public sealed partial class LineReports(
    RequestsDbContext db, RequestIntake intake, PhotoUploads uploads, LineContentClient content, IOptions<PhotoOptions> photos,
    ILogger<LineReports> logger)
{
    public const int TitleLength = 80;

    /// <returns>The request, or null when this report was taken in before (a replay).</returns>
    public async Task<ServiceRequest?> TakeAsync(LineReportCompleted report, CancellationToken cancellationToken)
    {
        if (!Actors.IsLineReporter(report.ReporterSubject))
        {
            throw new ArgumentException("A LINE report names its reporter by a line: subject.", nameof(report));
        }

        if (await db.Requests.AnyAsync(r => r.Id == report.ReportId, cancellationToken))
        {
            return null;
        }

        // Network first: a transient fault of LINE throws before anything is added, and the message is tried again.
        var files = await FetchPhotosAsync(report, cancellationToken);

        var submission = ToSubmission(report);
        if (submission.Location is { } point && await intake.NearestCommunityAsync(point, cancellationToken) is { } community)
        {
            submission = submission with { CommunityId = community.Id };
        }

        var taken = await intake.TakeAsync(submission,
            new IntakeContext(RequestChannel.Line, new Submitter(report.ReporterSubject), Actors.LineReporter(report.ReporterSubject))
            {
                RequestId = report.ReportId,
                UnplacedAllowed = true,
            }, cancellationToken);
        if (!taken.Succeeded)
        {
            throw new ArgumentException($"LINE report {report.ReportId} cannot become a request: {taken.Refusal!.Title} {taken.Refusal.Detail}");
        }

        var request = taken.Value!;
        await uploads.AddAsync(request, files, report.ReporterSubject, cancellationToken, stableNames: "line");
        RequestsTelemetry.PhotosStored.Add(files.Count);
        return request;
    }

    /// <summary>
    /// What the chat collected, made into a valid submission: an unknown category becomes <c>other</c>, a point outside
    /// the municipality is dropped (the chat refuses one), the title is the description's first line or the category's
    /// name, overlong text is cut.
    /// </summary>
    public static RequestSubmission ToSubmission(LineReportCompleted report)
    {
        var category = RequestCategories.IsKnown(report.Category) ? report.Category : "other";
        var categoryName = RequestCategories.Defaults.Single(c => c.Code == category).NameTh;
        var description = Cut(report.Description?.Trim() ?? "", RequestSubmission.DescriptionMaxLength);
        var firstLine = description.Split('\n', 2)[0].Trim();
        var title = firstLine.Length == 0 ? categoryName : Cut(firstLine, TitleLength);
        GeoPoint? point = report.Latitude is { } lat && report.Longitude is { } lon && MunicipalArea.Contains(new GeoPoint(lat, lon))
            ? new GeoPoint(lat, lon)
            : null;
        var address = string.IsNullOrWhiteSpace(report.AddressText) ? null : Cut(report.AddressText.Trim(), ServiceRequest.AddressMaxLength);
        return new RequestSubmission
        {
            Category = category,
            Title = title,
            Description = description.Length == 0 ? title : description,
            Location = point,
            AddressText = address ?? (point is null ? "(ไม่ได้ระบุตำแหน่ง)" : null),
        };
    }

    private async Task<List<CleanPhoto>> FetchPhotosAsync(LineReportCompleted report, CancellationToken cancellationToken)
    {
        var files = new List<CleanPhoto>();
        foreach (var messageId in report.PhotoMessageIds.Distinct().Take(ServiceRequest.MaxPhotos))
        {
            var fetched = await content.GetAsync(messageId, photos.Value.MaxBytes, cancellationToken);
            var bytes = fetched.Bytes;
            if (bytes is null)
            {
                LogPhotoSkipped(report.ReportId, fetched.Failure.ToString());
                continue;
            }

            if (PhotoUploads.Check($"LINE message {messageId}", bytes.Length, bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormat.HeaderLength)),
                    photos.Value.MaxBytes, out var format) is { } refused)
            {
                LogPhotoSkipped(report.ReportId, refused.Title);
                continue;
            }

            // Re-encoded like every uploaded photo: nothing of the file but its pixels is stored.
            var clean = await PhotoUploads.CleanAsync(new PhotoFile($"line-{messageId}", bytes.Length, format!, () => new MemoryStream(bytes, writable: false)),
                cancellationToken);
            if (!clean.Succeeded)
            {
                LogPhotoSkipped(report.ReportId, clean.Refusal!.Title);
                continue;
            }

            files.Add(clean.Value!);
        }

        return files;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    [LoggerMessage(LogLevel.Warning, "A photo of LINE report {ReportId} was not taken: {Why}.")]
    private partial void LogPhotoSkipped(Guid reportId, string why);
}
