namespace Municipal.Scheduling.Application;

/// <summary>Why an operation could not be done, as the problem details the caller gets.</summary>
public sealed record Failure(int Status, string Title, string? Detail = null, IDictionary<string, string[]>? Errors = null)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; private init; } = new Dictionary<string, object?>();

    /// <summary>The same failure carrying one more member in its problem details, e.g. the id of what conflicts.</summary>
    public Failure With(string key, object? value) =>
        this with { Extensions = new Dictionary<string, object?>(Extensions) { [key] = value } };

    public static Failure Invalid(IDictionary<string, string[]> errors, string title = "The input is not valid.") =>
        new(StatusCodes.Status400BadRequest, title, "See errors for each field.", errors);

    public static Failure Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Failure NotFound(string title, string? detail = null) => new(StatusCodes.Status404NotFound, title, detail);

    public static Failure Conflict(string title, string? detail = null) => new(StatusCodes.Status409Conflict, title, detail);

    public static Failure Unprocessable(string title, string? detail = null) => new(StatusCodes.Status422UnprocessableEntity, title, detail);

    public static Failure Forbidden(string title, string? detail = null) => new(StatusCodes.Status403Forbidden, title, detail);

    public static Failure PreconditionFailed(string title, string? detail = null) => new(StatusCodes.Status412PreconditionFailed, title, detail);

    /// <summary>The signed-in account is not linked to a person the registry knows.</summary>
    public static readonly Failure UnknownPerson = Unprocessable(
        "Your account is not linked to a person in the registry.",
        "Scheduling knows people from the Communities registry. Ask the municipality's staff to register you there with your sign-in account; then try again.");
}

/// <summary>A value or the reason there is none.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure);
}
