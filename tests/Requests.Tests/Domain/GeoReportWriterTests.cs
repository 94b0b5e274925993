using Municipal.Requests.Open311;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.Requests.Tests.Domain;

/// <summary>The two renderings of one GeoReport document.</summary>
public sealed class GeoReportWriterTests
{
    private static readonly GeoList Sample = new("services",
    [
        new GeoObject("service",
        [
            new GeoValue("service_code", "drainage"),
            new GeoValue("service_name", "ท่อระบายน้ำ"),
            new GeoValue("metadata", true),
            new GeoValue("lat", 16.481),
            new GeoValue("account_id", null),
            new GeoValue("requested_datetime", new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero)),
            new GeoList("formats", [new GeoValue("format", "text/xml"), new GeoValue("format", "application/json")]),
        ]),
    ]);

    [Fact]
    public void Xml_has_the_utf8_declaration_the_element_names_and_no_namespace()
    {
        var xml = GeoReportWriter.Write(Sample, GeoFormat.Xml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("services", root.Name.LocalName);
        Assert.Equal("", root.Name.NamespaceName);
        var service = Assert.Single(root.Elements("service"));
        Assert.Equal("ท่อระบายน้ำ", service.Element("service_name")!.Value);
        Assert.Equal("true", service.Element("metadata")!.Value);
        Assert.Equal("", service.Element("account_id")!.Value);
        Assert.Equal("2026-11-20T09:30:00+07:00", service.Element("requested_datetime")!.Value);
        Assert.Equal(["text/xml", "application/json"], service.Element("formats")!.Elements("format").Select(f => f.Value));
    }

    [Fact]
    public void Json_makes_a_root_list_an_array_and_nested_lists_arrays_under_their_names()
    {
        var json = GeoReportWriter.Write(Sample, GeoFormat.Json);
        Assert.Contains("ท่อระบายน้ำ", json); // Thai unescaped
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(JsonValueKind.Array, root.ValueKind);
        var service = root[0];
        Assert.Equal("drainage", service.GetProperty("service_code").GetString());
        Assert.True(service.GetProperty("metadata").GetBoolean());
        Assert.Equal(16.481, service.GetProperty("lat").GetDouble());
        Assert.Equal(JsonValueKind.Null, service.GetProperty("account_id").ValueKind);
        Assert.Equal("2026-11-20T09:30:00+07:00", service.GetProperty("requested_datetime").GetString());
        Assert.Equal(2, service.GetProperty("formats").GetArrayLength());
    }

    [Fact]
    public void A_root_element_with_children_is_a_json_object()
    {
        var json = GeoReportWriter.Write(new GeoObject("service_definition", [new GeoValue("service_code", "road"), new GeoList("attributes", [])]), GeoFormat.Json);
        Assert.Equal("{\"service_code\":\"road\",\"attributes\":[]}", json);
    }
}
