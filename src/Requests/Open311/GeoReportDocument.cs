using Municipal.ThaiCalendar;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Municipal.Requests.Open311;

/// <summary>
/// A GeoReport v2 response, written once and rendered as XML (the spec's elements, no namespace) or as
/// JSON by the spec's "Spark convention": a root list becomes a top-level array, a nested list an array
/// under its own name, an element a property.
/// </summary>
public abstract record GeoNode(string Name);

/// <summary>A leaf: a string, number, boolean, instant, or nothing (<c>null</c> in JSON, an empty element in XML).</summary>
public sealed record GeoValue(string Name, object? Value) : GeoNode(Name);

/// <summary>An element with child elements.</summary>
public sealed record GeoObject(string Name, IReadOnlyList<GeoNode> Children) : GeoNode(Name);

/// <summary>A repeated element: <c>&lt;services&gt;&lt;service/&gt;…&lt;/services&gt;</c>, JSON <c>"services": [...]</c>.</summary>
public sealed record GeoList(string Name, IReadOnlyList<GeoNode> Items) : GeoNode(Name);

public enum GeoFormat
{
    Json,
    Xml,
}

public static class GeoReportWriter
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string XmlContentType = "text/xml; charset=utf-8";

    public static string ContentType(GeoFormat format) => format == GeoFormat.Xml ? XmlContentType : JsonContentType;

    public static bool TryParseFormat(string? value, out GeoFormat format)
    {
        switch (value?.ToLowerInvariant())
        {
            case "json":
                format = GeoFormat.Json;
                return true;
            case "xml":
                format = GeoFormat.Xml;
                return true;
            default:
                format = GeoFormat.Json;
                return false;
        }
    }

    public static string Write(GeoNode root, GeoFormat format) => format == GeoFormat.Xml ? WriteXml(root) : WriteJson(root);

    /// <summary>Instants as the spec wants them (w3c ISO 8601 with an offset), in Bangkok time: <c>2026-11-20T09:30:00+07:00</c>.</summary>
    public static string FormatInstant(DateTimeOffset instant) => BangkokTime.Iso(instant);

    private static string WriteXml(GeoNode root)
    {
        var output = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            WriteXmlNode(xml, root);
            xml.WriteEndDocument();
        }

        return output.ToString();
    }

    /// <summary>
    /// Text as XML 1.0 can carry it: a character XML forbids (a control character a citizen's text may hold, e.g.
    /// NUL, or a lone surrogate) becomes U+FFFD instead of failing the whole list.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (XmlConvert.IsXmlChar(c))
            {
                safe?.Append(c);
                continue;
            }

            safe ??= new StringBuilder(text.Length).Append(text, 0, i);
            safe.Append('\uFFFD');
        }

        return safe?.ToString() ?? text;
    }

    private static void WriteXmlNode(XmlWriter xml, GeoNode node)
    {
        switch (node)
        {
            case GeoValue value:
                xml.WriteStartElement(value.Name);
                if (Text(value.Value) is { } text)
                {
                    xml.WriteString(XmlSafe(text));
                }

                xml.WriteEndElement();
                break;
            case GeoObject obj:
                xml.WriteStartElement(obj.Name);
                foreach (var child in obj.Children)
                {
                    WriteXmlNode(xml, child);
                }

                xml.WriteEndElement();
                break;
            case GeoList list:
                xml.WriteStartElement(list.Name);
                foreach (var item in list.Items)
                {
                    WriteXmlNode(xml, item);
                }

                xml.WriteEndElement();
                break;
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset d => FormatInstant(d),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string WriteJson(GeoNode root)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // The root element's name is implicit in JSON: a root list is an array, a root object an object.
            switch (root)
            {
                case GeoList list:
                    WriteJsonArray(json, list);
                    break;
                case GeoObject obj:
                    WriteJsonObject(json, obj);
                    break;
                case GeoValue value:
                    WriteJsonValue(json, value.Value);
                    break;
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJsonArray(Utf8JsonWriter json, GeoList list)
    {
        json.WriteStartArray();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case GeoObject obj:
                    WriteJsonObject(json, obj);
                    break;
                case GeoValue value:
                    WriteJsonValue(json, value.Value);
                    break;
                case GeoList nested:
                    WriteJsonArray(json, nested);
                    break;
            }
        }

        json.WriteEndArray();
    }

    private static void WriteJsonObject(Utf8JsonWriter json, GeoObject obj)
    {
        json.WriteStartObject();
        foreach (var child in obj.Children)
        {
            json.WritePropertyName(child.Name);
            switch (child)
            {
                case GeoValue value:
                    WriteJsonValue(json, value.Value);
                    break;
                case GeoObject nested:
                    WriteJsonObject(json, nested);
                    break;
                case GeoList list:
                    WriteJsonArray(json, list);
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(FormatInstant(instant));
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
