using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;
using System.Globalization;

namespace Municipal.Requests.Open311;

/// <summary>Open311 <c>POST requests</c>: a form-encoded service request, with an <c>api_key</c>.</summary>
public static partial class Open311Api
{
    internal static async Task<IResult> CreateAsync(
        string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, RequestIntake intake,
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
        var key = string.IsNullOrWhiteSpace(apiKey) ? null : await db.Open311Keys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.KeyHash == Open311ApiKey.Hash(apiKey) && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status403Forbidden,
                string.IsNullOrWhiteSpace(apiKey) ? "api_key is required to create a service request." : "Invalid api_key received -- can't proceed with create_request.");
        }

        var english = English(http);
        var (submission, context, category, problem) = await ReadSubmissionAsync(Field, db, key, english, cancellationToken);
        if (problem is not null)
        {
            return GeoReportResult.Error(geo, problem.Value.Status, problem.Value.Description);
        }

        var idempotencyKey = IdempotencyKey.Read(http, context!.RecordedBy.Subject!, $"open311:{format}:" + string.Join("&",
            form.Where(f => f.Key != "api_key").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")));
        if (!idempotencyKey.Succeeded)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "The Idempotency-Key header is 1 to 128 visible ASCII characters.");
        }

        return await creates.RunAsync(idempotencyKey.Value,
            token => intake.RecordAsync(submission!, context, token),
            request => new StoredAnswer(StatusCodes.Status200OK, GeoReportWriter.ContentType(geo),
                GeoReportWriter.Write(GeoReportDocuments.Created(request, GeoReportDocuments.Notice(category!, english)), geo), null, request.Id),
            refusal => GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, refusal.Kind == ProblemTypes.IdempotencyKeyReused
                ? "This Idempotency-Key was used for a different request."
                : $"{refusal.Title} {refusal.Detail}".Trim()),
            cancellationToken);
    }

    /// <summary>The form as a submission, how it came in, and its category; or the spec's error to answer.</summary>
    private static async Task<(RequestSubmission? Submission, IntakeContext? Context, RequestCategory? Category, (int Status, string Description)? Problem)> ReadSubmissionAsync(
        Func<string, string?> field, RequestsDbContext db, Open311ApiKey key, bool english, CancellationToken cancellationToken)
    {
        static (RequestSubmission?, IntakeContext?, RequestCategory?, (int, string)?) Fail(int status, string description) => (null, null, null, (status, description));

        var code = field("service_code");
        if (code is null)
        {
            return Fail(StatusCodes.Status400BadRequest, "service_code was not provided.");
        }

        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return Fail(StatusCodes.Status404NotFound, $"service_code '{code}' not found.");
        }

        GeoPoint? point = null;
        var (lat, lon) = (field("lat"), field("long"));
        if (lat is not null || lon is not null)
        {
            if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            {
                return Fail(StatusCodes.Status400BadRequest, "lat and long are both needed, as decimal degrees (WGS84).");
            }

            point = new GeoPoint(latitude, longitude);
        }

        var address = field("address_string") ?? (field("address_id") is { } addressId ? $"address_id {addressId}" : null);
        if (point is null && address is null)
        {
            return Fail(StatusCodes.Status400BadRequest, "A location is required: lat and long, address_string, or address_id.");
        }

        var communityField = field($"attribute[{GeoReportDocuments.CommunityAttribute}]");
        Community? community;
        if (communityField is not null)
        {
            community = Guid.TryParse(communityField, out var communityId)
                ? await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken)
                : await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == communityField, cancellationToken);
            if (community is null)
            {
                return Fail(StatusCodes.Status400BadRequest, $"attribute[{GeoReportDocuments.CommunityAttribute}] '{communityField}' is not a community: see services/{code}.xml.");
            }
        }
        else if (point is { } p && MunicipalArea.Contains(p))
        {
            community = Community.NearestTo(p, await db.Communities.AsNoTracking().ToListAsync(cancellationToken));
            if (community is null)
            {
                return Fail(StatusCodes.Status400BadRequest, $"No community is known near that point yet: give attribute[{GeoReportDocuments.CommunityAttribute}].");
            }
        }
        else
        {
            return Fail(StatusCodes.Status400BadRequest,
                point is null
                    ? $"Without lat/long, give attribute[{GeoReportDocuments.CommunityAttribute}] (see services/{code}.xml)."
                    : "The location is not inside the municipality. Check lat and long.");
        }

        var description = field("description");
        var firstLine = description?.Split('\n', 2)[0].Trim();
        var title = string.IsNullOrEmpty(firstLine) ? (english ? category.NameEn : category.NameTh)
            : firstLine.Length > 80 ? firstLine[..80].TrimEnd() + "…" : firstLine;

        var phone = field("phone");
        var phoneE164 = PersonalData.NormalizeThaiPhone(phone);
        if (phone is not null && phoneE164 is null)
        {
            return Fail(StatusCodes.Status400BadRequest, "phone is not a Thai phone number (e.g. 0812345678 or +66812345678).");
        }

        var mediaUrl = field("media_url");
        if (mediaUrl is not null && (!Uri.TryCreate(mediaUrl, UriKind.Absolute, out var media) || media.Scheme is not ("http" or "https") || mediaUrl.Length > 1000))
        {
            return Fail(StatusCodes.Status400BadRequest, "media_url is an absolute http(s) URL.");
        }

        var name = string.Join(' ', new[] { field("first_name"), field("last_name") }.Where(n => n is not null));
        var submission = new RequestSubmission
        {
            CommunityId = community.Id,
            Category = category.Code,
            Title = title,
            Description = description ?? title,
            Location = point,
            AddressText = address,
        };
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return Fail(StatusCodes.Status400BadRequest, string.Join(" ", errors.SelectMany(e => e.Value)));
        }

        var context = new IntakeContext(RequestChannel.Open311,
            new Submitter(null, null, name.Length == 0 ? null : name[..Math.Min(name.Length, ContactSubmission.NameMaxLength)], phoneE164),
            Actors.Open311Client(key.Id))
        {
            ExternalMediaUrl = mediaUrl,
        };
        return (submission, context, category, null);
    }
}
