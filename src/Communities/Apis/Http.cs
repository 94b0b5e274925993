using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Municipal.Communities.Domain;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

/// <summary>What the endpoints share: the caller from the token, ETags, and the common problems.</summary>
internal static class Http
{
    public static Caller CallerOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
        ? new Caller(user.Subject(), user.FindAll(MunicipalClaims.Roles).Select(c => c.Value).ToList(), user.CommunityId())
        : Caller.Anonymous;

    /// <summary>The strong entity tag of a version: <c>"7"</c>.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETagOf(version);

    /// <summary>
    /// Checks <c>If-Match</c> against the current version: null when the change may go ahead; 428 without the
    /// header; 412 when it names another version. <c>*</c> matches any version.
    /// </summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, int currentVersion)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "If-Match is required.",
                detail: "Send the ETag you last read in If-Match, so a change made meanwhile by someone else is not overwritten.");
        }

        var current = ETagOf(currentVersion);
        if (ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag.Equals(current, StringComparison.Ordinal))))
        {
            return null;
        }

        return Stale(currentVersion);
    }

    public static ProblemHttpResult Stale(int? currentVersion = null) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "Changed since you read it.",
        detail: currentVersion is { } v
            ? $"The If-Match ETag is not the current one ({ETagOf(v)}). Read it again, then repeat your change."
            : "Someone changed it at the same time. Read it again, then repeat your change.");

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

    public static ProblemHttpResult Unprocessable(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: title, detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: extensions);

    public static ValidationProblem BadRequestId() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        [Application.ClientRequests.Header] = ["A request id is a GUID, the same for every retry of one request."],
    });

    public static ProblemHttpResult RequestIdReused() => Conflict("The request id was used for another request.",
        $"Each create request takes a new {Application.ClientRequests.Header}; reuse it only to retry the same request.");

    public static ValidationProblem? CheckPaging(int page, int pageSize) => page < 1 || pageSize < 1 || pageSize > Paging.MaxPageSize
        ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["paging"] = [$"page must be 1 or more and pageSize between 1 and {Paging.MaxPageSize}."],
        })
        : null;
}

public static class Paging
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;
}

/// <summary>Every list answers <c>{ "items": [...], "total": n }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);
