using System.Text.Json;

namespace Municipal.EndToEnd.Tests.Hostile;

/// <summary>What a field of a request is, as far as hostile input cares.</summary>
public enum FieldKind
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Date,
    DateTime,
    Uuid,
}

public sealed record Field(string Name, FieldKind Kind);

/// <summary>One operation of a service's OpenAPI document: its parameters and the media types of its body.</summary>
public sealed record Operation(
    string Method,
    string Path,
    IReadOnlyList<Field> PathParameters,
    IReadOnlyList<Field> QueryParameters,
    IReadOnlyList<string> BodyMediaTypes,
    IReadOnlyList<Field> JsonFields,
    bool BodyRequired)
{
    public string Shape => $"{Method} {Authorization.AuthorizationTable.Shape(Path)}";
}

/// <summary>Reads the operations of the services' OpenAPI documents served by the gateway.</summary>
public static class OpenApiOperations
{
    public static readonly string[] Services = ["communities", "scheduling", "requests", "notifications"];

    public static async Task<IReadOnlyList<Operation>> ReadAsync(HttpClient gateway)
    {
        var operations = new List<Operation>();
        foreach (var service in Services)
        {
            using var document = JsonDocument.Parse(await gateway.GetStringAsync($"/api/{service}/openapi/v1.json"));
            var root = document.RootElement;
            foreach (var path in root.GetProperty("paths").EnumerateObject())
            {
                var shared = path.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
                {
                    var parameters = shared.Concat(method.Value.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : []).ToList();
                    var mediaTypes = new List<string>();
                    var fields = new List<Field>();
                    var required = false;
                    if (method.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                    {
                        required = body.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                        foreach (var media in content.EnumerateObject())
                        {
                            mediaTypes.Add(media.Name);
                            if (media.Name == "application/json" && media.Value.TryGetProperty("schema", out var schema))
                            {
                                var resolved = Resolve(root, schema);
                                if (resolved.TryGetProperty("properties", out var properties))
                                {
                                    fields.AddRange(properties.EnumerateObject().Select(f => new Field(f.Name, KindOf(root, f.Value))));
                                }
                            }
                        }
                    }

                    operations.Add(new Operation(
                        method.Name.ToUpperInvariant(),
                        path.Name,
                        Parameters(root, parameters, "path"),
                        Parameters(root, parameters, "query"),
                        mediaTypes,
                        fields,
                        required));
                }
            }
        }

        return operations;
    }

    private static List<Field> Parameters(JsonElement root, List<JsonElement> parameters, string where) =>
        parameters
            .Select(p => Resolve(root, p))
            .Where(p => p.GetProperty("in").GetString() == where)
            .Select(p => new Field(p.GetProperty("name").GetString()!, p.TryGetProperty("schema", out var s) ? KindOf(root, s) : FieldKind.String))
            .ToList();

    private static JsonElement Resolve(JsonElement root, JsonElement element)
    {
        for (var depth = 0; depth < 8 && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference); depth++)
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            element = target;
        }

        return element;
    }

    private static FieldKind KindOf(JsonElement root, JsonElement schema)
    {
        schema = Resolve(root, schema);
        foreach (var alternative in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(alternative, out var options))
            {
                var first = options.EnumerateArray()
                    .Select(o => Resolve(root, o))
                    .FirstOrDefault(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
                if (first.ValueKind == JsonValueKind.Object)
                {
                    return KindOf(root, first);
                }
            }
        }

        var type = schema.TryGetProperty("type", out var typeElement)
            ? typeElement.ValueKind == JsonValueKind.Array
                ? typeElement.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
                : typeElement.GetString()
            : schema.TryGetProperty("properties", out _) ? "object" : "string";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type, format) switch
        {
            ("string", "date") => FieldKind.Date,
            ("string", "date-time") => FieldKind.DateTime,
            ("string", "uuid") => FieldKind.Uuid,
            ("integer", _) => FieldKind.Integer,
            ("number", _) => FieldKind.Number,
            ("boolean", _) => FieldKind.Boolean,
            ("array", _) => FieldKind.Array,
            ("object", _) => FieldKind.Object,
            _ => FieldKind.String,
        };
    }
}
