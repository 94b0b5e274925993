using System.Text.Json;
using Xunit;

namespace Municipal.Testing;

/// <summary>
/// The API is learned from its OpenAPI documents, so every operation must say what it does (summary),
/// where it belongs (tag) and how it fails (its 4xx responses wherever it takes input; 401 where a token
/// is needed; 400 where it takes a body).
/// </summary>
public static class OpenApiAssert
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>
    /// The body of an operation does not mark these fields required (a client may leave them out, and the service
    /// accepts that): the document says what the service does.
    /// </summary>
    public static async Task BodyFieldsAreOptionalAsync(HttpClient client, string documentPath, string method, string path, params string[] fields)
    {
        using var response = await client.GetAsync(documentPath);
        Assert.True(response.IsSuccessStatusCode, $"{documentPath} answered {(int)response.StatusCode}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());
        var schema = operation.GetProperty("requestBody").GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");
        schema = Resolve(document.RootElement, schema) ?? schema;
        Assert.True(schema.TryGetProperty("properties", out _), $"The body schema of {method} {path} has no properties: {schema}");

        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        foreach (var field in fields)
        {
            Assert.Contains(field, properties);
            Assert.DoesNotContain(field, required);
        }
    }

    /// <summary>The object schema a body schema stands for: through <c>$ref</c>, and through <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c> (a nullable body).</summary>
    private static JsonElement? Resolve(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(root, root.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        if (schema.TryGetProperty("properties", out _))
        {
            return schema;
        }

        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    if (Resolve(root, option) is { } resolved)
                    {
                        return resolved;
                    }
                }
            }
        }

        return null;
    }

    public static async Task EveryOperationIsDocumentedAsync(HttpClient client, string documentPath)
    {
        using var response = await client.GetAsync(documentPath);
        Assert.True(response.IsSuccessStatusCode, $"{documentPath} answered {(int)response.StatusCode}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problems = new List<string>();
        var operations = 0;

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                operations++;
                var name = $"{method.Name.ToUpperInvariant()} {path.Name}";
                var operation = method.Value;
                if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    problems.Add($"{name}: no summary");
                }

                if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
                {
                    problems.Add($"{name}: no tag");
                }

                var responses = operation.TryGetProperty("responses", out var r)
                    ? r.EnumerateObject().Select(p => p.Name).ToHashSet()
                    : [];
                var takesInput = operation.TryGetProperty("parameters", out _) || operation.TryGetProperty("requestBody", out _)
                    || operation.TryGetProperty("security", out _) || path.Name.Contains('{');
                if (takesInput && !responses.Any(code => code.StartsWith('4')))
                {
                    problems.Add($"{name}: takes input but documents no error response");
                }

                if (operation.TryGetProperty("security", out _) && !responses.Contains("401"))
                {
                    problems.Add($"{name}: needs a token but does not document 401");
                }

                if (operation.TryGetProperty("requestBody", out _) && !responses.Contains("400"))
                {
                    problems.Add($"{name}: takes a body but does not document 400");
                }
            }
        }

        Assert.True(operations > 0, $"{documentPath} documents no operation");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
