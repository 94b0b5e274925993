using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Open311;

/// <summary>
/// Open311 GeoReport v2 under <c>/open311/v2/</c>: discovery, services, service definitions, requests
/// (read by anyone, without personal data; created with an <c>api_key</c>), and tokens. Each in
/// <c>.json</c> and <c>.xml</c>; errors in the spec's <c>errors/error</c> form.
/// </summary>
public static class Open311Api
{
    public const string Prefix = "/open311/v2";

    /// <summary>The longest request line this service reads (the gateway refuses longer addresses with a 414 first).</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

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

    internal static async Task<IResult> DiscoveryAsync(
        string format, HttpRequest http, IOptions<Open311Options> options, IConfiguration configuration, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var changeset = await reads.ChangesetAsync(options.Value.Changeset, cancellationToken);
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Discovery(options.Value, EndpointUrl(http, options.Value, configuration), changeset), geo);
    }

    /// <summary>
    /// Where clients reach this endpoint: the public base URL (<c>PublicBaseUrl</c>, the one the whole system is known
    /// by), else <c>Requests:Open311:BaseUrl</c>, else the address the gateway was called at (its <c>X-Forwarded-*</c>
    /// headers), else this service's own: never the service's internal port when the gateway says where it was called.
    /// </summary>
    internal static string EndpointUrl(HttpRequest http, Open311Options options, IConfiguration configuration)
    {
        if (configuration["PublicBaseUrl"] is { Length: > 0 } publicBase && Uri.TryCreate(publicBase, UriKind.Absolute, out var root))
        {
            return root.ToString().TrimEnd('/') + Prefix;
        }

        if (options.BaseUrl is { Length: > 0 } configured)
        {
            return configured;
        }

        var host = http.Headers["X-Forwarded-Host"].ToString().Split(',')[0].Trim();
        var scheme = http.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        return host.Length > 0 && scheme is "http" or "https"
            ? $"{scheme}://{host}{Prefix}"
            : $"{http.Scheme}://{http.Host}{http.PathBase}{Prefix}";
    }

    internal static async Task<IResult> ServicesAsync(string format, HttpRequest http, IOptions<Open311Options> options, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var (categories, divisions) = await reads.ServicesAsync(cancellationToken);
        return new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Services(categories, divisions, English(http)), geo);
    }

    internal static async Task<IResult> ServiceDefinitionAsync(string code, string format, HttpRequest http, IOptions<Open311Options> options, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var found = await reads.ServiceDefinitionAsync(code, cancellationToken);
        return found.Succeeded
            ? new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.ServiceDefinition(found.Value.Category, found.Value.Communities, English(http)), geo)
            : GeoReportResult.Refused(geo, found.Refusal!);
    }

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
        IReadOnlyList<string> Values(string name) => form.TryGetValue(name, out var v) ? v.Where(x => x is not null).Select(x => x!).ToList() : [];
        var read = await submissions.ReadAsync(apiKey, Field, Values, english, cancellationToken);
        if (!read.Succeeded)
        {
            return GeoReportResult.Refused(geo, read.Refusal!);
        }

        var (submission, context, category) = read.Value!;
        var idempotencyKey = IdempotencyKey.Read(http, context.RecordedBy.Subject!, $"open311:{format}:" + string.Join("&",
            form.Where(f => f.Key != "api_key").OrderBy(f => f.Key, StringComparer.Ordinal)
                .SelectMany(f => f.Value.Select(v => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(v ?? "")}"))));
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

    internal static async Task<IResult> ListAsync(string format, HttpRequest http, IOptions<Open311Options> options, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var asked = new Open311Query(List(http.Query["service_request_id"]), List(http.Query["service_code"]), List(http.Query["status"]),
            http.Query["start_date"].ToString(), http.Query["end_date"].ToString());
        var found = await reads.RequestsAsync(asked, English(http), cancellationToken);
        return found.Succeeded
            ? new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Requests(found.Value!), geo)
            : GeoReportResult.Refused(geo, found.Refusal!);
    }

    internal static async Task<IResult> GetAsync(string id, string format, HttpRequest http, IOptions<Open311Options> options, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var found = await reads.RequestAsync(id, English(http), cancellationToken);
        return found.Succeeded
            ? new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Requests(found.Value!), geo)
            : GeoReportResult.Refused(geo, found.Refusal!);
    }

    /// <summary>Every service here is realtime, so a request's token is its id: a client that asks anyway is answered.</summary>
    internal static async Task<IResult> TokenAsync(string token, string format, HttpRequest http, IOptions<Open311Options> options, Open311Reads reads, CancellationToken cancellationToken)
    {
        if (Refuse(format, http, options.Value, out var geo) is { } refusal)
        {
            return refusal;
        }

        var found = await reads.TokenAsync(token, cancellationToken);
        return found.Succeeded
            ? new GeoReportResult(StatusCodes.Status200OK, GeoReportDocuments.Token(found.Value!, token.Trim()), geo)
            : GeoReportResult.Refused(geo, found.Refusal!);
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

    private static IReadOnlyList<string> List(Microsoft.Extensions.Primitives.StringValues values) => values
        .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.Ordinal)
        .ToList();
}
