using System.Reflection;

namespace Municipal.ServiceDefaults.Problems;

/// <summary>
/// A kind of refusal, as a problem answer's <c>type</c> (RFC 9457): a stable code a client can say in its own
/// language, the status it comes with and a default English title. The URI is a URN, an identifier and not an
/// address: <c>urn:municipal:problem:invalid-transition</c>. Every kind is listed in docs/architecture.md.
/// </summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    public const string UriPrefix = "urn:municipal:problem:";

    public string Uri => UriPrefix + Code;

    /// <summary>The code of a problem answer's <c>type</c>, or null when it is not one of ours.</summary>
    public static string? CodeOf(string? typeUri) =>
        typeUri is not null && typeUri.StartsWith(UriPrefix, StringComparison.Ordinal) ? typeUri[UriPrefix.Length..] : null;

    /// <summary>
    /// Every kind declared as a <c>public static readonly ProblemType</c> field of a static class in these assemblies:
    /// the catalog that the docs and the tests check against.
    /// </summary>
    public static IReadOnlyList<ProblemType> DeclaredIn(params Assembly[] assemblies) => assemblies
        .Distinct()
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsAbstract: true, IsSealed: true })
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType == typeof(ProblemType) && f.IsInitOnly)
        .Select(f => (ProblemType)f.GetValue(null)!)
        .DistinctBy(p => p.Code)
        .OrderBy(p => p.Code, StringComparer.Ordinal)
        .ToList();
}

/// <summary>
/// The kinds every service and the gateway share. A service declares its own kinds beside its use cases
/// (<c>Application/&lt;Service&gt;Problems.cs</c>); an answer without a kind of its own gets the one of its status.
/// </summary>
public static class ProblemTypes
{
    /// <summary>400: fields are wrong; <c>errors</c> names each one.</summary>
    public static readonly ProblemType Validation = new("validation", 400, "The input is not valid.");

    /// <summary>400: the body, a header or the path could not be read at all (malformed JSON, a broken form).</summary>
    public static readonly ProblemType Unreadable = new("unreadable", 400, "The request could not be read.");

    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "Sign in first.");

    /// <summary>403: the caller's role or relation to the object does not allow this.</summary>
    public static readonly ProblemType Forbidden = new("forbidden", 403, "You may not do this.");

    /// <summary>404: it does not exist, or the caller may not know that it exists.</summary>
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found.");

    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "This method is not allowed here.");

    public static readonly ProblemType NotAcceptable = new("not-acceptable", 406, "No answer in the format asked for.");

    /// <summary>409: it conflicts with the current state; a more precise kind says how where there is one.</summary>
    public static readonly ProblemType Conflict = new("conflict", 409, "This conflicts with the current state.");

    /// <summary>412: the <c>If-Match</c> entity tag is not the current one.</summary>
    public static readonly ProblemType Stale = new("stale", 412, "Changed since you read it.");

    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "The request body is too large.");

    public static readonly ProblemType UriTooLong = new("uri-too-long", 414, "The address is too long.");

    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "This content type is not accepted here.");

    /// <summary>422: well-formed, but it refers to something unusable.</summary>
    public static readonly ProblemType Unprocessable = new("unprocessable", 422, "The request cannot be carried out.");

    /// <summary>422: an <c>Idempotency-Key</c> already used for a different request.</summary>
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "The idempotency key was used for another request.");

    /// <summary>428: a change to a versioned resource (PUT, PATCH) needs <c>If-Match</c>.</summary>
    public static readonly ProblemType IfMatchRequired = new("if-match-required", 428, "If-Match is required.");

    /// <summary>429: over a rate limit; <c>Retry-After</c> says when to try again.</summary>
    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429, "Too many requests.");

    public static readonly ProblemType HeadersTooLarge = new("headers-too-large", 431, "The request headers are too large.");

    public static readonly ProblemType Internal = new("internal", 500, "Something went wrong on our side.");

    public static readonly ProblemType BadGateway = new("bad-gateway", 502, "The service behind the gateway did not answer.");

    public static readonly ProblemType Unavailable = new("unavailable", 503, "The service is not available right now.");

    public static readonly ProblemType GatewayTimeout = new("gateway-timeout", 504, "The service took too long to answer.");

    private static readonly Dictionary<int, ProblemType> ByStatus = new ProblemType[]
    {
        Validation, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, Conflict, Stale, PayloadTooLarge,
        UriTooLong, UnsupportedMediaType, Unprocessable, IfMatchRequired, TooManyRequests, HeadersTooLarge, Internal,
        BadGateway, Unavailable, GatewayTimeout,
    }.ToDictionary(p => p.Status);

    /// <summary>The shared kind of a status code (400 is <see cref="Validation"/>; an unknown 4xx is <see cref="Unprocessable"/>).</summary>
    public static ProblemType ForStatus(int status) => ByStatus.TryGetValue(status, out var kind)
        ? kind
        : status >= 500 ? Internal : Unprocessable;
}
