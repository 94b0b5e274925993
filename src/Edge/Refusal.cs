using Municipal.ServiceDefaults.Problems;
using System.Collections.Immutable;

namespace Municipal.Edge;

/// <summary>
/// Why a use case did not do what it was asked, in words and data a client can act on, and nothing of HTTP:
/// the kind (<see cref="ProblemType"/>), an English title and detail, the fields at fault, and extension members such
/// as the allowed states or the conflicting session. <see cref="RefusalResults.ToProblem"/> makes it a problem answer.
/// </summary>
public sealed record Refusal
{
    public Refusal(ProblemType kind, string? title = null, string? detail = null, IReadOnlyDictionary<string, FieldError[]>? errors = null)
    {
        Kind = kind;
        Title = title ?? kind.Title;
        Detail = detail;
        FieldErrors = errors;
    }

    public ProblemType Kind { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>For <see cref="ProblemTypes.Validation"/>: what is wrong with each field at fault, coded (<c>errorCodes</c>).</summary>
    public IReadOnlyDictionary<string, FieldError[]>? FieldErrors { get; }

    /// <summary>For <see cref="ProblemTypes.Validation"/>: the English message(s) for each field at fault (<c>errors</c>).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors =>
        FieldErrors?.ToDictionary(e => e.Key, e => e.Value.Select(f => f.Message).ToArray());

    /// <summary>What a client needs to say the refusal in its own language, e.g. <c>allowed</c> or <c>conflictingSessionId</c>.</summary>
    public ImmutableDictionary<string, object?> Extensions { get; private init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary>The same refusal carrying one more member in its problem answer.</summary>
    public Refusal With(string key, object? value) => this with { Extensions = Extensions.SetItem(key, value) };

    public static Refusal Of(ProblemType kind, string? title = null, string? detail = null) => new(kind, title, detail);

    public static Refusal Invalid(IReadOnlyDictionary<string, FieldError[]> errors, string? title = null) =>
        new(ProblemTypes.Validation, title, "See errors for each field.", errors);

    public static Refusal Invalid(string field, FieldError error, string? title = null) =>
        Invalid(new Dictionary<string, FieldError[]> { [field] = [error] }, title);

    /// <summary>Messages without a code of their own: a client can only say "not valid" (<see cref="FieldErrorCodes.Invalid"/>). Prefer coded errors.</summary>
    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors, string? title = null) =>
        Invalid(errors.ToDictionary(e => e.Key, e => e.Value.Select(m => new FieldError(FieldErrorCodes.Invalid, m)).ToArray()), title);

    /// <summary>A message without a code of its own (<see cref="FieldErrorCodes.Invalid"/>). Prefer a coded <see cref="FieldError"/>.</summary>
    public static Refusal Invalid(string field, string message, string? title = null) =>
        Invalid(field, new FieldError(FieldErrorCodes.Invalid, message), title);

    public static Refusal NotFound(string? title = null, string? detail = null) => new(ProblemTypes.NotFound, title, detail);

    public static Refusal Forbidden(string? title = null, string? detail = null) => new(ProblemTypes.Forbidden, title, detail);

    public static Refusal Conflict(string? title = null, string? detail = null) => new(ProblemTypes.Conflict, title, detail);

    public static Refusal Unprocessable(string? title = null, string? detail = null) => new(ProblemTypes.Unprocessable, title, detail);

    public static Refusal Stale(string? detail = null) =>
        new(ProblemTypes.Stale, null, detail ?? "Someone changed it at the same time. Read it again, then repeat your change.");
}

/// <summary>A value, or the <see cref="Refusal"/> that stands in its place.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    /// <summary>The value; set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    public Refusal? Refusal { get; }

    public bool Succeeded => Refusal is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>A use case that gives nothing back but may refuse: <see cref="Ok"/> or a <see cref="Refusal"/>.</summary>
public readonly record struct Result
{
    private Result(Refusal? refusal) => Refusal = refusal;

    public static Result Ok => default;

    public Refusal? Refusal { get; }

    public bool Succeeded => Refusal is null;

    public static implicit operator Result(Refusal refusal) => new(refusal);
}
