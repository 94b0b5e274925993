using Municipal.Requests.Open311;
using System.Xml.Linq;

namespace Municipal.Requests.Tests;

/// <summary>Open311's XML list must stay well-formed whatever text a citizen typed.</summary>
public sealed class Open311XmlTests
{
    [Fact]
    public void Characters_XML_forbids_become_replacement_characters_and_the_rest_round_trips()
    {
        var document = new GeoList("service_requests",
        [
            new GeoObject("request",
            [
                new GeoValue("description", "ถนน\u0000ชำรุด \uD800 🚧 \u202Eok"),
            ]),
        ]);

        var xml = GeoReportWriter.Write(document, GeoFormat.Xml);

        var parsed = XDocument.Parse(xml);
        Assert.Equal("ถนน\uFFFDชำรุด \uFFFD 🚧 \u202Eok", parsed.Descendants("description").Single().Value);
    }
}
