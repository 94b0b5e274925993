using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Municipal.EndToEnd.Tests.Hostile;

/// <summary>A legitimate call of a route, taken apart so that hostile variants of it can be made.</summary>
public sealed record BaseCall(string Method, string Path, string Query, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static async Task<BaseCall> FromAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!.OriginalString;
        var q = uri.IndexOf('?', StringComparison.Ordinal);
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        return new BaseCall(
            request.Method.Method,
            q < 0 ? uri : uri[..q],
            q < 0 ? "" : uri[q..],
            request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(),
            request.Content?.Headers.ContentType?.ToString(),
            headers);
    }

    public HttpRequestMessage Build(string? path = null, string? query = null, byte[]? body = null, string? contentType = null, bool keepBody = true)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), (path ?? Path) + (query ?? Query));
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var content = body ?? (keepBody ? Body : null);
        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            if ((contentType ?? ContentType) is { } type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        return request;
    }
}

/// <summary>One hostile variant of a call. <see cref="MayBeLegitimate"/>: the input is odd but valid (Thai and
/// emoji text, an injection string as plain text, an unknown field), so success is a right answer too.</summary>
public sealed record Mutation(string Name, bool MayBeLegitimate, Func<HttpRequestMessage> Build);

/// <summary>
/// The hostile inputs of the issue, for one route: malformed JSON, wrong types, missing and extra fields,
/// oversized strings and arrays, negative and huge numbers, invalid dates, SQL and script injection, Thai and
/// emoji text and path traversal, in its path, its query and its body.
/// </summary>
public static class HostileInputs
{
    private const string Sql = "'; DROP TABLE \"Requests\"; -- ' OR '1'='1";
    private const string Script = "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>";
    private const string Traversal = "../../../../etc/passwd";
    private const string ThaiEmoji = "ถนนชำรุด 🚧🕳️ น้ำท่วมขัง ๑๒๓ ครับ 👍🏽";

    /// <summary>Text values that a text field may accept as text, but must never execute or choke on.</summary>
    private static readonly string[] OddText = [Sql, Script, Traversal, ThaiEmoji, "\u202Eevil\u202C", "a\u0000b", "   ", ""];

    /// <summary>Path segments that name nothing a caller may reach.</summary>
    private static readonly string[] HostileSegments =
    [
        "not-a-guid",
        "00000000-0000-0000-0000-000000000000",
        "..%2F..%2Fetc%2Fpasswd",
        "%27%20OR%20%271%27%3D%271",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        Uri.EscapeDataString("ถนน🚧"),
        "99999999999999999999999999",
        "-1",
        new string('a', 3000),
    ];

    private static readonly string[] HostileQueryValues =
    [
        "-1", "0", "99999999999999999999", "1e308", "NaN", "abc", "2024-13-45", "not-a-date",
        Sql, Script, Traversal, ThaiEmoji, new string('q', 5000),
    ];

    public static IEnumerable<Mutation> For(Operation operation, BaseCall call)
    {
        foreach (var mutation in PathMutations(operation, call))
        {
            yield return mutation;
        }

        foreach (var mutation in QueryMutations(operation, call))
        {
            yield return mutation;
        }

        if (operation.BodyMediaTypes.Contains("application/json"))
        {
            foreach (var mutation in JsonMutations(operation, call))
            {
                yield return mutation;
            }
        }
        else if (operation.BodyMediaTypes.Contains("multipart/form-data"))
        {
            foreach (var mutation in MultipartMutations(call))
            {
                yield return mutation;
            }
        }
        else if (operation.BodyMediaTypes.Contains("application/x-www-form-urlencoded") || call.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true)
        {
            foreach (var mutation in FormMutations(call))
            {
                yield return mutation;
            }
        }
        else if (operation.BodyMediaTypes.Any(m => m.StartsWith("text/", StringComparison.Ordinal)))
        {
            foreach (var mutation in TextMutations(call))
            {
                yield return mutation;
            }
        }
    }

    private static IEnumerable<Mutation> PathMutations(Operation operation, BaseCall call)
    {
        var template = operation.Path.Split('/');
        var actual = call.Path.Split('/');
        if (template.Length != actual.Length)
        {
            yield break;
        }

        for (var i = 0; i < template.Length; i++)
        {
            var brace = template[i].IndexOf('{', StringComparison.Ordinal);
            if (brace < 0)
            {
                continue;
            }

            var prefix = template[i][..brace];
            var segment = i;
            foreach (var hostile in HostileSegments)
            {
                var parts = (string[])actual.Clone();
                parts[segment] = prefix + hostile;
                var path = string.Join('/', parts);
                yield return new Mutation($"path {template[segment]} = {Short(hostile)}", false, () => call.Build(path: path));
            }
        }
    }

    private static IEnumerable<Mutation> QueryMutations(Operation operation, BaseCall call)
    {
        foreach (var parameter in operation.QueryParameters)
        {
            foreach (var hostile in HostileQueryValues)
            {
                var query = WithQuery(call.Query, parameter.Name, hostile);
                yield return new Mutation($"query {parameter.Name} = {Short(hostile)}", true, () => call.Build(query: query));
            }

            var twice = WithQuery(WithQuery(call.Query, parameter.Name, "1"), parameter.Name, "2", append: true);
            yield return new Mutation($"query {parameter.Name} twice", true, () => call.Build(query: twice));
        }

        var unknown = WithQuery(call.Query, "$where", Sql);
        yield return new Mutation("query with an unknown parameter", true, () => call.Build(query: unknown));
    }

    private static string WithQuery(string query, string name, string value, bool append = false)
    {
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => append || !p.StartsWith(Uri.EscapeDataString(name) + "=", StringComparison.Ordinal))
            .Append($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        return "?" + string.Join('&', pairs);
    }

    private static IEnumerable<Mutation> JsonMutations(Operation operation, BaseCall call)
    {
        const string json = "application/json";
        var original = call.Body is { Length: > 0 } ? JsonNode.Parse(call.Body) as JsonObject ?? [] : [];

        // The body as a whole.
        foreach (var (name, text) in new[]
        {
            ("malformed JSON: cut short", Truncated(original)),
            ("malformed JSON: trailing garbage", original.ToJsonString() + "}}{"),
            ("malformed JSON: single quotes", "{'title': 'x'}"),
            ("malformed JSON: not JSON at all", "title=ถนน&x=1"),
            ("a JSON array instead of an object", "[]"),
            ("a JSON string instead of an object", "\"ถนน\""),
            ("a JSON number instead of an object", "42"),

            ("deeply nested JSON", new string('[', 5000) + new string(']', 5000)),
        })
        {
            yield return new Mutation(name, false, () => call.Build(body: Encoding.UTF8.GetBytes(text), contentType: json));
        }

        // An optional body may be absent or null; a required one may not.
        yield return new Mutation("an empty body", !operation.BodyRequired, () => call.Build(body: [], contentType: json));
        yield return new Mutation("JSON null", !operation.BodyRequired, () => call.Build(body: "null"u8.ToArray(), contentType: json));
        yield return new Mutation("an empty object (every field missing)", true, () => call.Build(body: "{}"u8.ToArray(), contentType: json));
        yield return new Mutation("JSON sent as text/plain", false, () => call.Build(contentType: "text/plain; charset=utf-8"));
        // Invalid UTF-8 in a field the service reads (in an unknown field a JSON reader may skip it unread).
        var textField = original.FirstOrDefault(p => p.Value is JsonValue v && v.TryGetValue<string>(out _)).Key;
        var marked = With(original, textField ?? "title", JsonValue.Create("@@invalid@@")).Split("@@invalid@@");
        byte[] invalid = [.. Encoding.UTF8.GetBytes(marked[0]), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(marked[1])];
        yield return new Mutation("invalid UTF-8", textField is null, () => call.Build(body: invalid, contentType: json));
        yield return new Mutation("a body over 1 MB", false, () =>
        {
            var request = call.Build(body: Encoding.UTF8.GetBytes(With(original, "padding", JsonValue.Create(new string('x', 1_200_000)))), contentType: json);
            // As a careful client sends a large body: the refusal comes before the body is sent.
            request.Headers.ExpectContinue = true;
            return request;
        });
        yield return new Mutation("extra fields (id, status, role, __proto__)", true, () =>
        {
            var extra = (JsonObject)original.DeepClone();
            extra["id"] = Guid.NewGuid();
            extra["status"] = "closed";
            extra["roles"] = new JsonArray("admin");
            extra["__proto__"] = new JsonObject { ["isAdmin"] = true };
            return call.Build(body: Encoding.UTF8.GetBytes(extra.ToJsonString()), contentType: json);
        });

        var fields = operation.JsonFields
            .Concat(original.Select(p => new Field(p.Key, KindOf(p.Value))))
            .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var field in fields)
        {
            foreach (var (name, value, legitimate) in FieldValues(field, original[field.Name]))
            {
                var text = With(original, field.Name, value);
                yield return new Mutation($"{field.Name} ({field.Kind}) {name}", legitimate, () => call.Build(body: Encoding.UTF8.GetBytes(text), contentType: json));
            }

            if (original.ContainsKey(field.Name))
            {
                var without = (JsonObject)original.DeepClone();
                without.Remove(field.Name);
                var text = without.ToJsonString();
                yield return new Mutation($"{field.Name} missing", true, () => call.Build(body: Encoding.UTF8.GetBytes(text), contentType: json));
            }
        }
    }

    private static IEnumerable<(string Name, JsonNode? Value, bool Legitimate)> FieldValues(Field field, JsonNode? current)
    {
        yield return ("null", null, true);
        var kind = field.Kind;
        if (kind is FieldKind.String or FieldKind.Date or FieldKind.DateTime or FieldKind.Uuid)
        {
            yield return ("as a number", JsonValue.Create(12345), false);
            yield return ("as a boolean", JsonValue.Create(true), false);
            yield return ("as an object", new JsonObject { ["$ne"] = "" }, false);
            yield return ("as an array", new JsonArray("a", "b"), false);
        }

        switch (kind)
        {
            case FieldKind.String:
                foreach (var text in OddText)
                {
                    yield return ($"= {Short(text)}", JsonValue.Create(text), true);
                }

                yield return ("oversized (100,000 Thai characters)", JsonValue.Create(new string('ก', 100_000)), false);
                break;
            case FieldKind.Date:
            case FieldKind.DateTime:
                foreach (var text in new[] { "2024-02-30", "not-a-date", "0000-00-00", "9999-12-31T99:99", "31/12/2567", "", Sql })
                {
                    yield return ($"= {Short(text)}", JsonValue.Create(text), false);
                }

                yield return ("far in the past", JsonValue.Create(kind == FieldKind.Date ? "0001-01-01" : "0001-01-01T00:00"), true);
                yield return ("far in the future", JsonValue.Create(kind == FieldKind.Date ? "9999-12-31" : "9999-12-31T23:59"), true);
                break;
            case FieldKind.Uuid:
                foreach (var text in new[] { "not-a-guid", "00000000-0000-0000-0000-000000000000", Sql, "" })
                {
                    yield return ($"= {Short(text)}", JsonValue.Create(text), true);
                }

                yield return ("an unknown id", JsonValue.Create(Guid.NewGuid()), true);
                break;
            case FieldKind.Integer:
            case FieldKind.Number:
                yield return ("as text", JsonValue.Create("abc"), false);
                yield return ("as a boolean", JsonValue.Create(false), false);
                yield return ("as an array", new JsonArray(1, 2), false);
                yield return ("negative", JsonValue.Create(-1), true);
                yield return ("zero", JsonValue.Create(0), true);
                yield return ("beyond 32 bits", JsonValue.Create(2_147_483_648L), true);
                yield return ("below 32 bits", JsonValue.Create(-2_147_483_649L), true);
                yield return ("huge (1e308)", JsonNode.Parse("1e308"), true);
                yield return ("beyond any number type", JsonNode.Parse("99999999999999999999999999999999999999"), true);
                yield return ("fractional", JsonValue.Create(1.5), true);
                break;
            case FieldKind.Boolean:
                yield return ("as text", JsonValue.Create("yes"), false);
                yield return ("as a number", JsonValue.Create(2), false);
                break;
            case FieldKind.Array:
                yield return ("as text", JsonValue.Create("x"), false);
                yield return ("as an object", new JsonObject(), false);
                yield return ("empty", new JsonArray(), true);
                yield return ("with nulls", new JsonArray(null, null), true);
                var element = current is JsonArray { Count: > 0 } array ? array[0]?.ToJsonString() ?? "\"x\"" : "\"x\"";
                // Legitimate when the repeats collapse into one (the body limit bounds the size).
                yield return ("oversized (20,000 elements)", JsonNode.Parse("[" + string.Join(',', Enumerable.Repeat(element, 20_000)) + "]"), true);
                yield return ("with hostile elements", new JsonArray(Sql, Script, ThaiEmoji, -1, null), true);
                break;
            case FieldKind.Object:
                yield return ("as text", JsonValue.Create("x"), false);
                yield return ("as an array", new JsonArray(), false);
                yield return ("empty", new JsonObject(), true);
                if (current is JsonObject inner)
                {
                    foreach (var name in inner.Select(p => p.Key))
                    {
                        var changed = (JsonObject)inner.DeepClone();
                        changed[name] = "abc";
                        yield return ($".{name} as text", changed, false);
                        changed = (JsonObject)inner.DeepClone();
                        changed[name] = JsonNode.Parse("1e308");
                        yield return ($".{name} huge", changed, true);
                    }
                }

                break;
        }
    }

    private static IEnumerable<Mutation> MultipartMutations(BaseCall call)
    {
        static (byte[], string) Multipart(params (string Field, string FileName, string Type, byte[] Bytes)[] files)
        {
            using var content = new MultipartFormDataContent();
            foreach (var (field, fileName, type, bytes) in files)
            {
                var part = new ByteArrayContent(bytes);
                part.Headers.ContentType = new MediaTypeHeaderValue(type);
                content.Add(part, field, fileName);
            }

            return (content.ReadAsByteArrayAsync().GetAwaiter().GetResult(), content.Headers.ContentType!.ToString());
        }

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var cases = new (string Name, bool Legitimate, Func<(byte[], string)> Make)[]
        {
            ("text pretending to be a PNG", false, () => Multipart(("photos", "photo.png", "image/png", "<?php system($_GET['c']); ?>"u8.ToArray()))),
            ("an empty file", false, () => Multipart(("photos", "photo.png", "image/png", []))),
            ("no file at all", false, () => Multipart()),
            ("a file under another field name", true, () => Multipart(("evil", "photo.png", "image/png", png))),
            ("a file name with path traversal", true, () => Multipart(("photos", "../../../../etc/passwd.png", "image/png", png))),
            ("a Thai and emoji file name", true, () => Multipart(("photos", "รูปถนน🚧.png", "image/png", png))),
            ("an HTML file", false, () => Multipart(("photos", "x.html", "text/html", Encoding.UTF8.GetBytes(Script)))),
            ("thirty photos at once", false, () => Multipart([.. Enumerable.Range(0, 30).Select(i => ("photos", $"p{i}.png", "image/png", png))])),
        };
        foreach (var (name, legitimate, make) in cases)
        {
            yield return new Mutation(name, legitimate, () =>
            {
                var (bytes, type) = make();
                return call.Build(body: bytes, contentType: type);
            });
        }

        yield return new Mutation("JSON instead of a form", false, () => call.Build(body: "{\"photos\":[]}"u8.ToArray(), contentType: "application/json"));
        yield return new Mutation("a multipart body with a broken boundary", false, () => call.Build(body: "--x\r\nContent-Disposition: form-data; name=\"photos\"\r\n\r\nabc"u8.ToArray(), contentType: "multipart/form-data; boundary=y"));
    }

    private static IEnumerable<Mutation> FormMutations(BaseCall call)
    {
        var original = Encoding.UTF8.GetString(call.Body ?? []).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.UnescapeDataString(p[0].Replace('+', ' ')), Value: Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : "")))
            .ToList();
        const string form = "application/x-www-form-urlencoded";
        static byte[] Encode(IEnumerable<(string Name, string Value)> pairs) =>
            Encoding.UTF8.GetBytes(string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}")));

        foreach (var (field, _) in original)
        {
            if (field == "api_key")
            {
                continue;
            }

            foreach (var hostile in HostileQueryValues.Append(new string('ก', 100_000)))
            {
                var body = Encode(original.Select(p => p.Name == field ? (p.Name, hostile) : p));
                yield return new Mutation($"form {field} = {Short(hostile)}", true, () => call.Build(body: body, contentType: form));
            }

            var without = Encode(original.Where(p => p.Name != field));
            yield return new Mutation($"form {field} missing", true, () => call.Build(body: without, contentType: form));
        }

        yield return new Mutation("form with extra fields", true, () => call.Build(body: Encode(original.Append(("service_request_id", "1")).Append(("jurisdiction_id", Sql))), contentType: form));
        yield return new Mutation("form as JSON", false, () => call.Build(body: "{\"description\":\"x\"}"u8.ToArray(), contentType: "application/json"));
        yield return new Mutation("form with broken encoding", false, () => call.Build(body: "description=%E0%B8&lat=%ZZ"u8.ToArray(), contentType: form));
    }

    private static IEnumerable<Mutation> TextMutations(BaseCall call)
    {
        var type = call.ContentType ?? "text/csv; charset=utf-8";
        var header = Encoding.UTF8.GetString(call.Body ?? []).Split('\n')[0].TrimEnd('\r');
        var columns = header.Split(',').Length;
        var cases = new (string Name, bool Legitimate, byte[] Body)[]
        {
            ("an empty file", false, []),
            ("only the header", true, Encoding.UTF8.GetBytes(header + "\n")),
            ("binary bytes", false, [0x00, 0xFF, 0xFE, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]),
            ("wrong columns", false, "a,b\n1,2\n"u8.ToArray()),
            ("an unclosed quote", false, Encoding.UTF8.GetBytes(header + "\n\"" + string.Join(',', Enumerable.Repeat("x", columns)) + "\n")),
            ("formula and injection cells", true, Encoding.UTF8.GetBytes(header + "\n" + string.Join(',', Enumerable.Range(0, columns).Select(i => (i % 3) switch { 0 => "\"=cmd|' /C calc'!A0\"", 1 => "\"" + Sql.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", _ => ThaiEmoji })) + "\n")),
            ("rows too short", false, Encoding.UTF8.GetBytes(header + "\nx\n")),
        };
        foreach (var (name, legitimate, body) in cases)
        {
            yield return new Mutation($"CSV: {name}", legitimate, () => call.Build(body: body, contentType: type));
        }

        yield return new Mutation("CSV sent as JSON", false, () => call.Build(contentType: "application/json"));
    }

    private static string With(JsonObject original, string name, JsonNode? value)
    {
        var copy = (JsonObject)original.DeepClone();
        copy[name] = value?.DeepClone();
        return copy.ToJsonString();
    }

    private static string Truncated(JsonObject original)
    {
        var text = original.Count == 0 ? "{\"title\":\"ถนน" : original.ToJsonString();
        return text[..Math.Max(1, text.Length / 2)];
    }

    private static FieldKind KindOf(JsonNode? node) => node switch
    {
        JsonArray => FieldKind.Array,
        JsonObject => FieldKind.Object,
        JsonValue v when v.TryGetValue<bool>(out _) => FieldKind.Boolean,
        JsonValue v when v.TryGetValue<long>(out _) => FieldKind.Integer,
        JsonValue v when v.TryGetValue<double>(out _) => FieldKind.Number,
        _ => FieldKind.String,
    };

    private static string Short(string text)
    {
        var printable = new string([.. text.Select(c => char.IsControl(c) ? '·' : c)]);
        return printable.Length <= 32 ? $"\"{printable}\"" : $"\"{printable[..28]}…\" ({text.Length} chars)";
    }
}
