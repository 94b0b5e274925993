using Municipal.Messaging.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Requests.Domain;
using Municipal.Requests.Handlers;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Globalization;

namespace Municipal.Requests.Open311;

/// <summary>A GeoReport v2 answer in the format the path asked for.</summary>
public sealed class GeoReportResult(int statusCode, GeoNode document, GeoFormat format) : IResult
{
    public int StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = GeoReportWriter.ContentType(format);
        return httpContext.Response.WriteAsync(GeoReportWriter.Write(document, format));
    }

    public static GeoReportResult Error(GeoFormat format, int status, string description) =>
        new(status, GeoReportDocuments.Errors((status, description)), format);
}

/// <summary>
/// Open311 GeoReport v2 under <c>/open311/v2/</c>: discovery, services, service definitions, requests
/// (read by anyone, without personal data; created with an <c>api_key</c>), and tokens. Each in
/// <c>.json</c> and <c>.xml</c>; errors in the spec's <c>errors/error</c> form.
/// </summary>
public static class Open311Api
{
    public const string Prefix = "/open311/v2";

    /// <summary>The spec's default window for GET requests, and its ceiling.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public const int MaxRequests = 1000;

    public static RouteGroupBuilder MapOpen311Api(this IEndpointRouteBuilder app)
    {
        // Open311 clients get their errors in the spec's form: the create handler refuses control characters itself.
        var api = app.MapGroup(Prefix).WithTags("Open311 GeoReport v2").AllowAnonymous()
            .WithMetadata(new AcceptsControlCharactersAttribute());

        Document(api.MapGet("/discovery.{format}", DiscoveryAsync), "Open311Discovery", "GeoReport v2 service discovery.", 404);
        Document(api.MapGet("/services.{format}", ServicesAsync), "Open311Services", "The service types (request categories).", 404);
        Document(api.MapGet("/services/{code}.{format}", ServiceDefinitionAsync), "Open311ServiceDefinition", "A service type's attributes (the optional community).", 404);
        Document(api.MapPost("/requests.{format}", CreateAsync).DisableAntiforgery(), "Open311CreateRequest",
            "Submit a service request (application/x-www-form-urlencoded, api_key required).", 403, 404);
        Document(api.MapGet("/requests.{format}", ListAsync), "Open311Requests", "Service requests, without personal data (default: the last 90 days).", 404);
        Document(api.MapGet("/requests/{id}.{format}", GetAsync), "Open311Request", "One service request, without personal data.", 404);
        Document(api.MapGet("/tokens/{token}.{format}", TokenAsync), "Open311Token", "The service_request_id behind a token.", 404);
        return api;
    }

    private static void Document(RouteHandlerBuilder endpoint, string name, string summary, params int[] errors)
    {
        endpoint.WithName(name).WithSummary(summary)
            .Produces(StatusCodes.Status200OK, contentType: "application/json", additionalContentTypes: ["text/xml"])
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json", additionalContentTypes: ["text/xml"]);
        foreach (var status in errors)
        {
            endpoint.Produces(status, contentType: "application/json", additionalContentTypes: ["text/xml"]);
        }
    }

    internal static IResult DiscoveryAsync(string format, HttpRequest http, IOptions<Open311Options> options)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var url = options.Value.BaseUrl ?? $"{http.Scheme}://{http.Host}{http.PathBase}{Prefix}";
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Discovery(options.Value, url), geo);
    }

    internal static async Task<IResult> ServicesAsync(string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Services(categories, divisions, English(http)), geo);
    }

    internal static async Task<IResult> ServiceDefinitionAsync(string code, string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status404NotFound, $"service_code '{code}' not found.");
        }

        var communities = await db.Communities.AsNoTracking().ToListAsync(cancellationToken);
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.ServiceDefinition(category, communities, English(http)), geo);
    }

    internal static async Task<IResult> CreateAsync(
        string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, RequestIntake intake,
        Idempotency idempotency, CancellationToken cancellationToken)
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
        var (submission, context, problem) = await ReadSubmissionAsync(Field, db, key, english, cancellationToken);
        if (problem is not null)
        {
            return GeoReportResult.Error(geo, problem.Value.Status, problem.Value.Description);
        }

        var caller = Actor.Open311Client(key.Id).Subject!;
        string? idempotencyKey = http.Headers.TryGetValue(IdempotencyRecord.Header, out var header) ? header.ToString() : null;
        string? fingerprint = null;
        if (idempotencyKey is not null)
        {
            if (!IdempotencyRecord.IsValidKey(idempotencyKey))
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "The Idempotency-Key header is 1 to 128 visible ASCII characters.");
            }

            fingerprint = IdempotencyRecord.FingerprintOf($"open311:{format}:" + string.Join("&",
                form.Where(f => f.Key != "api_key").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")));
            var (verdict, record) = await idempotency.CheckAsync(caller, idempotencyKey, fingerprint, cancellationToken);
            if (verdict == IdempotencyVerdict.Replay)
            {
                return new Apis.StoredResponse(record!.StatusCode, record.ContentType, record.Body, record.Location);
            }

            if (verdict == IdempotencyVerdict.Mismatch)
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "This Idempotency-Key was used for a different request.");
            }
        }

        var (request, outcome) = await intake.TakeAsync(submission!, context!, cancellationToken);
        if (!outcome.IsOk)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, $"{outcome.Title} {outcome.Detail}".Trim());
        }

        var category = await db.Categories.AsNoTracking().FirstAsync(c => c.Code == request!.Category, cancellationToken);
        var document = GeoReportDocuments.Created(request!, GeoReportDocuments.Notice(category, english));
        if (idempotencyKey is not null)
        {
            idempotency.Remember(caller, idempotencyKey, fingerprint!, StatusCodes.Status200OK, GeoReportWriter.ContentType(geo),
                GeoReportWriter.Write(document, geo), null, request!.Id);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            var winner = await idempotency.FindWinnerAsync(caller, idempotencyKey, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new Apis.StoredResponse(winner.StatusCode, winner.ContentType, winner.Body, winner.Location);
        }

        return new GeoReportResult(StatusCodes.Status200OK, document, geo);
    }

    internal static async Task<IResult> ListAsync(string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var query = db.Requests.AsNoTracking();
        var ids = List(http.Query["service_request_id"]);
        if (ids.Count > 0)
        {
            // The spec: service_request_id overrides every other argument.
            var numbers = ids.Select(i => i.ToUpperInvariant()).ToList();
            query = query.Where(r => numbers.Contains(r.Number));
        }
        else
        {
            var codes = List(http.Query["service_code"]);
            if (codes.Count > 0)
            {
                query = query.Where(r => codes.Contains(r.Category));
            }

            var statuses = List(http.Query["status"]).Select(s => s.ToLowerInvariant()).Distinct().ToList();
            if (statuses.Any(s => s is not ("open" or "closed")))
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "status is open, closed, or both (comma delimited).");
            }

            if (statuses.Count == 1)
            {
                var open = RequestStatuses.Open.ToList();
                query = statuses[0] == "open" ? query.Where(r => open.Contains(r.Status)) : query.Where(r => !open.Contains(r.Status));
            }

            if (!TryDate(http.Query["start_date"], out var start) || !TryDate(http.Query["end_date"], out var end))
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "start_date and end_date are w3c dates with a time zone, e.g. 2026-01-01T00:00:00Z.");
            }

            // The spec's default: the most recent 90 days; a range may not span more than that.
            var now = time.GetUtcNow();
            var to = end ?? (start is { } s ? s + DefaultWindow : now);
            var from = start ?? to - DefaultWindow;
            if (to < from)
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "end_date is before start_date.");
            }

            if (to - from > DefaultWindow)
            {
                return GeoReportResult.Error(geo, StatusCodes.Status400BadRequest, "start_date and end_date may not span more than 90 days.");
            }

            query = query.Where(r => r.SubmittedAt >= from && r.SubmittedAt <= to);
        }

        var requests = await query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(MaxRequests).ToListAsync(cancellationToken);
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Requests(await DescribeAsync(db, requests, English(http), cancellationToken)), geo);
    }

    internal static async Task<IResult> GetAsync(string id, string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var number = id.Trim().ToUpperInvariant();
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, cancellationToken);
        if (request is null)
        {
            return GeoReportResult.Error(geo, StatusCodes.Status404NotFound, $"service_request_id '{id}' not found.");
        }

        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Requests(await DescribeAsync(db, [request], English(http), cancellationToken)), geo);
    }

    /// <summary>Every service here is realtime, so a request's token is its id: a client that asks anyway is answered.</summary>
    internal static async Task<IResult> TokenAsync(string token, string format, HttpRequest http, IOptions<Open311Options> options, RequestsDbContext db, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var number = token.Trim().ToUpperInvariant();
        var found = await db.Requests.AsNoTracking().AnyAsync(r => r.Number == number, cancellationToken);
        return found
            ? new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Token(number, token.Trim()), geo)
            : GeoReportResult.Error(geo, StatusCodes.Status404NotFound, $"token '{token}' not found.");
    }

    private static async Task<(RequestSubmission? Submission, IntakeContext? Context, (int Status, string Description)? Problem)> ReadSubmissionAsync(
        Func<string, string?> field, RequestsDbContext db, Open311ApiKey key, bool english, CancellationToken cancellationToken)
    {
        static (RequestSubmission?, IntakeContext?, (int, string)?) Fail(int status, string description) => (null, null, (status, description));

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
            Actor.Open311Client(key.Id))
        {
            ExternalMediaUrl = mediaUrl,
        };
        return (submission, context, null);
    }

    private static async Task<List<Open311Request>> DescribeAsync(RequestsDbContext db, IReadOnlyList<ServiceRequest> requests, bool english, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);
        return requests.Select(r =>
        {
            var category = categories.GetValueOrDefault(r.Category);
            var division = divisions.GetValueOrDefault(r.DivisionCode);
            return new Open311Request(r,
                (english ? category?.NameEn : category?.NameTh) ?? r.Category,
                (english ? division?.NameEn : division?.NameTh) ?? r.DivisionCode);
        }).ToList();
    }

    /// <summary>An unknown format (400) or another jurisdiction (404), in the spec's error form; null when neither.</summary>
    private static IResult? Refuse(string format, HttpRequest http, Open311Options options, out GeoFormat geo, string? jurisdictionFromBody = null)
    {
        if (!GeoReportWriter.TryParseFormat(format, out geo))
        {
            return BadFormat();
        }

        var jurisdiction = jurisdictionFromBody ?? (string.IsNullOrWhiteSpace(http.Query["jurisdiction_id"]) ? null : http.Query["jurisdiction_id"].ToString().Trim());
        if (jurisdiction is not null && !string.Equals(jurisdiction, options.JurisdictionId, StringComparison.OrdinalIgnoreCase))
        {
            return GeoReportResult.Error(geo, StatusCodes.Status404NotFound, $"jurisdiction_id '{jurisdiction}' not found: this endpoint serves '{options.JurisdictionId}'.");
        }

        return null;
    }

    private static GeoReportResult BadFormat() =>
        GeoReportResult.Error(GeoFormat.Json, StatusCodes.Status400BadRequest, "The format is json or xml, e.g. services.xml.");

    private static bool English(HttpRequest http) => string.Equals(http.Query["lang"], "en", StringComparison.OrdinalIgnoreCase);

    private static List<string> List(Microsoft.Extensions.Primitives.StringValues values) => values
        .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
