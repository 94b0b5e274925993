using Municipal.ServiceDefaults.Problems;
using System.Text.Json;

namespace Municipal.Web.Api;

/// <summary>
/// An RFC 9457 problem as the API answered it (or, with <see cref="Status"/> 0, the gateway could not be
/// reached). <see cref="Kind"/> is the code of its <c>type</c> (<c>urn:municipal:problem:&lt;code&gt;</c>,
/// docs/architecture.md "Problem kinds"): what the page says comes from it and the extension members, never from
/// the English title or detail. Field errors are keyed by the API's field names (camelCase, e.g. <c>title</c>,
/// <c>submitter.phone</c>), each with its code (<c>errorCodes</c>).
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

    /// <summary>The kind's code (<c>invalid-transition</c>, <c>validation</c>…), or null when the answer named none of ours.</summary>
    public string? Kind => ProblemType.CodeOf(Text("type"));

    /// <summary>The fields at fault, whether the API sent codes for them or only messages.</summary>
    public IReadOnlyList<string> Fields => Errors.Keys.Concat(Codes.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Field errors of this problem for one field, in English as the API wrote them (empty when none).</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    /// <summary>The coded errors of one field (<c>errorCodes</c>), each with the values its sentence needs.</summary>
    public IReadOnlyList<FieldCode> CodesFor(string field) =>
        Codes.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    private IReadOnlyDictionary<string, IReadOnlyList<FieldCode>> Codes => _codes ??= ReadCodes();

    private IReadOnlyDictionary<string, IReadOnlyList<FieldCode>>? _codes;

    /// <summary>A member of the problem's body beyond the standard ones (e.g. <c>allowed</c>, <c>rows</c>, <c>holder</c>).</summary>
    public JsonElement? Extension(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) ? value : null;

    /// <summary>An extension member that is a string, or null.</summary>
    public string? Text(string name) => Extension(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private IReadOnlyDictionary<string, IReadOnlyList<FieldCode>> ReadCodes()
    {
        var codes = new Dictionary<string, IReadOnlyList<FieldCode>>(StringComparer.OrdinalIgnoreCase);
        if (Extension("errorCodes") is { ValueKind: JsonValueKind.Object } all)
        {
            foreach (var member in all.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Array))
            {
                codes[member.Name] = member.Value.EnumerateArray().Select(FieldCode.From).Where(c => c is not null).Select(c => c!).ToList();
            }
        }

        return codes;
    }

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
                foreach (var member in fields.EnumerateObject())
                {
                    errors[member.Name] = member.Value.ValueKind == JsonValueKind.Array
                        ? member.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [member.Value.ToString()];
                }
            }

            return new(
                root.TryGetProperty("status", out var s) && s.TryGetInt32(out var parsed) ? parsed : status,
                TextOf(root, "title"),
                TextOf(root, "detail"),
                errors,
                TextOf(root, "traceId"),
                root);
        }
        catch (JsonException)
        {
            return new(status, null, null, errors, null);
        }
    }

    private static string? TextOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One coded field error: its <see cref="Code"/> (<c>too-long</c>…) and the values its sentence needs (<c>max</c>…).</summary>
public sealed record FieldCode(string Code, JsonElement Values)
{
    public static FieldCode? From(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? new FieldCode(code.GetString()!, element.Clone())
            : null;

    public string? Text(string name) => Values.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public decimal? Number(string name) => Values.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    public bool Flag(string name) => Values.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
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
