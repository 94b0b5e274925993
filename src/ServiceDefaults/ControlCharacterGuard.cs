using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Municipal.ServiceDefaults.Problems;
using System.Buffers;
using System.Reflection;
using System.Text.Json;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Text that people typed never holds control characters other than tab, line feed and carriage return; a NUL or
/// an escape in a title is an attack or a broken client, and it breaks what the text flows into later (XML, SMS,
/// CSV, logs). A service's own endpoints refuse such input with a 400 that names the field, before anything runs:
/// query values, JSON bodies and URL-encoded forms. Multipart uploads (photos) and endpoints marked
/// <see cref="AcceptsControlCharactersAttribute"/> (a provider's webhook, whose payload is not ours to refuse)
/// are let through.
/// </summary>
public static class ControlCharacterGuard
{
    /// <summary>The largest JSON body scanned; larger bodies are left to the endpoint's own limits.</summary>
    public const int MaxScannedBodyBytes = 1 << 20;

    /// <summary>The first character people never type, or null: C0 controls except tab, LF and CR; DEL; C1 controls.</summary>
    public static char? FirstControlCharacter(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var c in text)
        {
            if ((c < ' ' && c is not '\t' and not '\n' and not '\r') || (c >= '\u007f' && c <= '\u009f'))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The JSON property (or "body") holding the first such character, or null; null for JSON that does not parse.</summary>
    public static string? FindInJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        if (FirstControlCharacter(property) is not null)
                        {
                            return "body";
                        }

                        break;
                    case JsonTokenType.String when FirstControlCharacter(reader.GetString()) is not null:
                        return property ?? "body";
                    case JsonTokenType.EndObject:
                        property = null;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null; // unreadable JSON: the endpoint's binding explains that
        }

        return null;
    }

    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<Middleware>();

    /// <summary>The key (query parameter or form field) whose name or value holds such a character, or null.</summary>
    public static string? FindIn(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        foreach (var (key, items) in values)
        {
            if (FirstControlCharacter(key) is not null || items.Any(v => FirstControlCharacter(v) is not null))
            {
                return key;
            }
        }

        return null;
    }

    private sealed class Middleware(RequestDelegate next, IProblemDetailsService problems, ILogger<Middleware> logger)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var endpoint = context.GetEndpoint();
            // Only this service's own handlers (they carry their method); not health checks, not proxied routes.
            if (endpoint?.Metadata.GetMetadata<MethodInfo>() is null || endpoint.Metadata.GetMetadata<AcceptsControlCharactersAttribute>() is not null)
            {
                await next(context);
                return;
            }

            var field = FindIn(context.Request.Query) ?? await FindInBodyAsync(context.Request, endpoint);
            if (field is null)
            {
                await next(context);
                return;
            }

            logger.LogInformation("Refused a control character in {Field}", field);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [field] = ["Contains a control character (such as NUL or ESC); only tab, line feed and carriage return are allowed in text."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more validation errors occurred.",
                    Extensions = { ["errorCodes"] = new Dictionary<string, object[]> { [field] = [new { code = FieldErrorCodes.ControlCharacters }] } },
                },
            });
        }

        private static async Task<string?> FindInBodyAsync(HttpRequest request, Endpoint endpoint)
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null || request.ContentLength == 0)
            {
                return null;
            }

            if (request.HasFormContentType)
            {
                return request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                    ? FindIn(await request.ReadFormAsync(request.HttpContext.RequestAborted))
                    : null; // multipart: files and their fields are the endpoint's to check
            }

            if (!request.HasJsonContentType() || request.ContentLength > MaxScannedBodyBytes)
            {
                return null;
            }

            request.EnableBuffering();
            var wanted = (int)(request.ContentLength ?? MaxScannedBodyBytes + 1);
            var body = ArrayPool<byte>.Shared.Rent(wanted);
            try
            {
                var read = await request.Body.ReadAtLeastAsync(body.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, request.HttpContext.RequestAborted);
                request.Body.Position = 0;
                return read > MaxScannedBodyBytes ? null : FindInJson(body.AsSpan(0, read));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }
}

/// <summary>Lets an endpoint take text with control characters (a provider's webhook payload, checked by its signature).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AcceptsControlCharactersAttribute : Attribute;
