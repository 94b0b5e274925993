using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Municipal.Edge;

/// <summary>The one mapping from a use case's <see cref="Refusal"/> to an RFC 9457 problem answer.</summary>
public static class RefusalResults
{
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        ProblemDetails details = refusal.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        details.Type = refusal.Kind.Uri;
        details.Status = refusal.Kind.Status;
        details.Title = refusal.Title;
        details.Detail = refusal.Detail;
        foreach (var (key, value) in refusal.Extensions)
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }
}
