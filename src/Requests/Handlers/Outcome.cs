using Municipal.Requests.Domain;

namespace Municipal.Requests.Handlers;

public enum OutcomeKind
{
    Ok,

    /// <summary>400: fields are wrong.</summary>
    Invalid,

    /// <summary>403: the caller may not do this.</summary>
    Forbidden,

    /// <summary>404: it does not exist, or the caller may not know it exists.</summary>
    NotFound,

    /// <summary>409: it conflicts with the current state.</summary>
    Conflict,

    /// <summary>422: well-formed, but refers to something unusable.</summary>
    Unprocessable,
}

/// <summary>What a handler decided, for the edge to turn into an HTTP answer.</summary>
public sealed record Outcome(OutcomeKind Kind, string? Title = null, string? Detail = null, Dictionary<string, string[]>? Errors = null, IReadOnlyList<RequestStatus>? Allowed = null)
{
    public static readonly Outcome Ok = new(OutcomeKind.Ok);

    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome Invalid(Dictionary<string, string[]> errors, string title = "The input is not valid.") => new(OutcomeKind.Invalid, title, Errors: errors);

    public static Outcome Invalid(string field, string message) => Invalid(new() { [field] = [message] });

    public static Outcome Forbidden(string title, string? detail = null) => new(OutcomeKind.Forbidden, title, detail);

    public static Outcome NotFound(string title) => new(OutcomeKind.NotFound, title);

    public static Outcome Conflict(string title, string? detail = null, IReadOnlyList<RequestStatus>? allowed = null) => new(OutcomeKind.Conflict, title, detail, Allowed: allowed);

    public static Outcome Unprocessable(string title, string? detail = null) => new(OutcomeKind.Unprocessable, title, detail);
}
