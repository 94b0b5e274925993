using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Open311;

/// <summary>Open311 <c>POST requests</c>: a form-encoded service request, with an <c>api_key</c>.</summary>
public static partial class Open311Api
{
    internal static async Task<IResult> CreateAsync(
        string format, HttpRequest http, IOptions<Open311Options> options, Open311Submissions submissions, RequestIntake intake,
        IdempotentCreates<RequestsDbContext> creates, CancellationToken cancellationToken)
    {
        if (!GeoReportWriter.TryParseFormat(format, out var geo))
        {
            return BadFormat();
        }

        if (!http.HasFormContentType)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "Send the request as application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // The framework's own refusals (a NUL, a value too long): in the spec's error form too.
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, $"The form could not be read: {ex.Message}");
        }

        if (ControlCharacterGuard.FindIn(form) is { } unprintable)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest,
                $"{unprintable} contains a control character; only tab, line feed and carriage return are allowed in text.");
        }

        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        if (Refuse(format, http, options.Value, out _, Field("jurisdiction_id")) is { } refusal)
        {
            return refusal;
        }

        var apiKey = Field("api_key") ?? http.Query["api_key"].ToString();
        var english = English(http);
        var read = await submissions.ReadAsync(apiKey, Field, english, cancellationToken);
        if (!read.Succeeded)
        {
            return GeoReportResult.Refused(geo, read.Refusal!);
        }

        var (submission, context, category) = read.Value!;
        var idempotencyKey = IdempotencyKey.Read(http, context.RecordedBy.Subject!, $"open311:{format}:" + string.Join("&",
            form.Where(f => f.Key != "api_key").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")));
        if (!idempotencyKey.Succeeded)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "The Idempotency-Key header is 1 to 128 visible ASCII characters.");
        }

        return await creates.RunAsync(idempotencyKey.Value,
            token => intake.RecordAsync(submission, context, token),
            request => new StoredAnswer(StatusCodes.Status200OK, GeoReportWriter.ContentType(geo),
                GeoReportWriter.Write(GeoReportDocuments.Created(request, GeoReportDocuments.Notice(category, english)), geo), null, request.Id),
            refusal => GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, refusal.Kind == ProblemTypes.IdempotencyKeyReused
                ? "This Idempotency-Key was used for a different request."
                : $"{refusal.Title} {refusal.Detail}".Trim()),
            cancellationToken);
    }
}
