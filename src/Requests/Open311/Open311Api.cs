using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Requests.Domain;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Globalization;

namespace Municipal.Requests.Open311;

/// <summary>
/// Open311 GeoReport v2 under <c>/open311/v2/</c>: discovery, services, service definitions, requests
/// (read by anyone, without personal data; created with an <c>api_key</c>), and tokens. Each in
/// <c>.json</c> and <c>.xml</c>; errors in the spec's <c>errors/error</c> form.
/// </summary>
public static partial class Open311Api
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
