using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Requests.Domain;
using Municipal.Requests.Handlers;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>A page of a list: <c>{ items, total }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Paging parameters shared by the lists: <c>page</c> from 1, <c>pageSize</c> 1–100 (20 by default).</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static Paging From(int? page, int? pageSize, out Dictionary<string, string[]> errors)
    {
        errors = new();
        if (page is < 1)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {MaxPageSize} items."];
        }

        return new(page ?? 1, pageSize ?? 20);
    }
}

internal static class ApiSupport
{
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.Subject(),
        user.FindAll(MunicipalClaims.Roles).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.CommunityId(),
        string.IsNullOrWhiteSpace(user.Division()) ? null : user.Division());

    public static ProblemHttpResult Problem(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    /// <summary>A handler's refusal as problem details (400 with the fields; a 409 from the workflow names the allowed states).</summary>
    public static ProblemHttpResult ToProblem(this Outcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Invalid => Invalid(outcome.Errors ?? new(), outcome.Title ?? "The input is not valid."),
        OutcomeKind.Forbidden => Problem(StatusCodes.Status403Forbidden, outcome.Title ?? "Forbidden.", outcome.Detail),
        OutcomeKind.NotFound => Problem(StatusCodes.Status404NotFound, outcome.Title ?? "Not found."),
        OutcomeKind.Conflict => Problem(StatusCodes.Status409Conflict, outcome.Title ?? "Conflict.", outcome.Detail,
            outcome.Allowed is { } allowed ? new Dictionary<string, object?> { ["allowed"] = allowed.Select(s => s.ToCode()).ToArray() } : null),
        OutcomeKind.Unprocessable => Problem(StatusCodes.Status422UnprocessableEntity, outcome.Title ?? "Unprocessable.", outcome.Detail),
        _ => throw new InvalidOperationException("A successful outcome is not a problem."),
    };

    /// <summary>400 validation problem details naming each field.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string title = "The input is not valid.") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = title });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string title = "No such request.") => Problem(StatusCodes.Status404NotFound, title);

    public static ProblemHttpResult ConcurrentChange(string what) => Problem(StatusCodes.Status409Conflict,
        $"The {what} changed meanwhile.", "Someone else changed it at the same time. Read it again and retry.");
}

/// <summary>A response stored earlier and given again as it was (an idempotent retry).</summary>
public sealed class StoredResponse(int statusCode, string contentType, string body, string? location) : IResult
{
    public int StatusCode => statusCode;

    public string Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = contentType;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        await httpContext.Response.WriteAsync(body);
    }
}
