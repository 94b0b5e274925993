using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

/// <summary>A page of a list: <c>{ items, total }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

internal static class ApiSupport
{
    public const int MaxPageSize = 100;

    public static ProblemHttpResult ToProblem(this Failure failure)
    {
        ProblemDetails details = failure.Errors is { } errors
            ? new HttpValidationProblemDetails(errors)
            : new ProblemDetails();
        details.Status = failure.Status;
        details.Title = failure.Title;
        details.Detail = failure.Detail;
        foreach (var (key, value) in failure.Extensions)
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }

    public static Failure? CheckPaging(int page, int pageSize) =>
        page < 1 || pageSize < 1 || pageSize > MaxPageSize
            ? Failure.Invalid("paging", $"page must be 1 or more and pageSize between 1 and {MaxPageSize}.")
            : null;

    /// <summary>The language to show dates and labels in: <c>?lang=th|en</c>, else Accept-Language, else Thai.</summary>
    public static Language Language(this HttpContext context) =>
        Languages.Resolve(context.Request.Query["lang"].FirstOrDefault(), context.Request.Headers.AcceptLanguage.ToString());

    /// <summary>CSV when asked with <c>?format=csv</c> or <c>Accept: text/csv</c>.</summary>
    public static bool WantsCsv(this HttpContext context) =>
        string.Equals(context.Request.Query["format"].FirstOrDefault(), "csv", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version named by <c>If-Match</c> (<c>"3"</c> or <c>W/"3"</c>); null when absent; -1 when unreadable.</summary>
    public static int? IfMatchVersion(this HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), out var version) ? version : -1;
    }
}
