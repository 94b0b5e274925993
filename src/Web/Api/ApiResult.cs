using System.Text.Json;

namespace Municipal.Web.Api;

/// <summary>
/// An RFC 9457 problem as the API answered it (or, with <see cref="Status"/> 0, the gateway could not be
/// reached). Field errors are keyed by the API's field names (camelCase, e.g. <c>title</c>,
/// <c>submitter.phone</c>).
/// </summary>
public sealed record Problem(
    int Status,
    string? Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    string? TraceId,
    JsonElement? Body = null)
{
    public const int Unreachable = 0;

    public static Problem NotReachable(string detail) =>
        new(Unreachable, null, detail, new Dictionary<string, string[]>(), null);

    /// <summary>Field errors of this problem for one field (empty when none).</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    /// <summary>A member of the problem's body beyond the standard ones (e.g. <c>allowed</c>, <c>rows</c>, <c>holder</c>).</summary>
    public JsonElement? Extension(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) ? value : null;

    public static Problem Parse(int status, string? json)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return new(status, null, null, errors, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(status, null, null, errors, null);
            }

            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }

            return new(
                root.TryGetProperty("status", out var s) && s.TryGetInt32(out var parsed) ? parsed : status,
                Text(root, "title"),
                Text(root, "detail"),
                errors,
                Text(root, "traceId"),
                root);
        }
        catch (JsonException)
        {
            return new(status, null, null, errors, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What a call to the gateway gave: a value, or a problem to show.</summary>
public sealed class ApiResult<T>
{
    private ApiResult(T? value, Problem? problem, string? etag, int status)
    {
        Value = value;
        Problem = problem;
        ETag = etag;
        Status = status;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    /// <summary>The entity tag the API answered, for a later <c>If-Match</c>.</summary>
    public string? ETag { get; }

    public int Status { get; }

    public bool Ok => Problem is null;

    public static ApiResult<T> Success(T value, string? etag, int status) => new(value, null, etag, status);

    public static ApiResult<T> Failure(Problem problem) => new(default, problem, null, problem.Status);
}

/// <summary>A list as every Municipal API answers it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public static readonly Page<T> Empty = new([], 0);
}

/// <summary>The answer of a call whose body does not matter (204, or a body the page does not read).</summary>
public sealed record Done;
