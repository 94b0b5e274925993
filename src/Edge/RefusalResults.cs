using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge;

/// <summary>The one mapping from a use case's <see cref="Refusal"/> to an RFC 9457 problem answer.</summary>
public static class RefusalResults
{
    /// <summary>The extension member that carries the coded field errors, beside <c>errors</c> (their English messages).</summary>
    public const string ErrorCodesMember = "errorCodes";

    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        ProblemDetails details = refusal.FieldErrors is not null
            ? new HttpValidationProblemDetails(refusal.Errors!.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        details.Type = refusal.Kind.Uri;
        details.Status = refusal.Kind.Status;
        details.Title = refusal.Title;
        details.Detail = refusal.Detail;
        if (refusal.FieldErrors is { } coded)
        {
            details.Extensions[ErrorCodesMember] = Codes(coded);
        }

        foreach (var (key, value) in refusal.Extensions)
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }

    /// <summary><c>{ "title": [ { "code": "too-long", "max": 200 } ] }</c>: each field's errors, in the order of its messages.</summary>
    public static Dictionary<string, List<Dictionary<string, object?>>> Codes(IReadOnlyDictionary<string, FieldError[]> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(Coded).ToList());

    public static Dictionary<string, object?> Coded(FieldError error)
    {
        var member = new Dictionary<string, object?> { ["code"] = error.Code };
        foreach (var (key, value) in error.Args)
        {
            member[key] = value;
        }

        return member;
    }
}
