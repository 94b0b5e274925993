using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Municipal.ServiceDefaults.Problems;

/// <summary>
/// Open311 GeoReport v2 clients read errors in the spec's form, <c>errors/error/{code, description}</c>, in the format
/// their path asked for, never problem details. Every problem answer under <c>/open311/</c> that a process writes through
/// <see cref="IProblemDetailsService"/> (the router's 404 and 405, the gateway's 401, 413, 414, 429, 502, 504) is written
/// in that form instead: XML for a path ending <c>.xml</c> (or, without an extension, a client that accepts only XML),
/// JSON otherwise, with the same status.
/// </summary>
public sealed class GeoReportProblemWriter : IProblemDetailsWriter
{
    public const string PathPrefix = "/open311";

    public static bool Applies(HttpContext context) =>
        context.Request.PathBase.Add(context.Request.Path).StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    public bool CanWrite(ProblemDetailsContext context) => Applies(context.HttpContext);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var description = new[] { context.ProblemDetails.Detail, context.ProblemDetails.Title }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
            ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        var xml = WantsXml(http.Request);
        http.Response.StatusCode = status;
        http.Response.ContentType = xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
        await http.Response.WriteAsync(xml ? Xml(status, description) : Json(status, description), http.RequestAborted);
    }

    /// <summary>The spec's format of the path (<c>….xml</c>); without one, what the client accepts.</summary>
    public static bool WantsXml(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    public static string Json(int status, string description) =>
        JsonSerializer.Serialize(new[] { new { code = status, description } },
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Xml(int status, string description)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8Writer(output), new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("errors");
            writer.WriteStartElement("error");
            writer.WriteElementString("code", status.ToString(CultureInfo.InvariantCulture));
            writer.WriteElementString("description", description);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return output.ToString();
    }

    private sealed class Utf8Writer(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}

public static class GeoReportErrorsExtensions
{
    /// <summary>
    /// Writes problems under <c>/open311/</c> in the GeoReport v2 error form (<see cref="GeoReportProblemWriter"/>):
    /// registered ahead of the default writer, which would otherwise take them.
    /// </summary>
    public static IServiceCollection AddGeoReportErrors(this IServiceCollection services)
    {
        if (!services.Any(d => d.ImplementationType == typeof(GeoReportProblemWriter)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, GeoReportProblemWriter>());
        }

        return services;
    }
}
