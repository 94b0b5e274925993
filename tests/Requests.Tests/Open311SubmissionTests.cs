using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Requests.Infrastructure;
using Municipal.Requests.Open311;
using Municipal.Testing;
using NJsonSchema;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.Requests.Tests;

/// <summary>
/// Issue 17's Open311 part: every submission the spec allows is kept (an address alone, any phone, the client's contact
/// fields, several media_url), 1,000 ids in one list, the changeset following the definitions, every answer in both
/// formats checked: JSON against the GeoReport v2 schemas (Open311Schemas/), XML by element names and order.
/// </summary>
public sealed class Open311SubmissionTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static readonly string[] RequestElements =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
        "lat", "long", "media_url",
    ];

    private static async Task AssertValidAsync(string schema, string json)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Open311Schemas", schema);
        var errors = (await JsonSchema.FromFileAsync(path)).Validate(json);
        Assert.True(errors.Count == 0, $"{schema}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}\n{json}");
    }

    private static XElement Xml(string text, string root)
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text);
        var element = XDocument.Parse(text).Root!;
        Assert.Equal(root, element.Name.LocalName);
        return element;
    }

    private async Task<string> KeyAsync()
    {
        using var admin = factory.ClientAs("admin-311-sub", "admin");
        using var response = await admin.PostAsJsonAsync("/api/requests/open311/keys", new { name = "FixMyStreet" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private async Task<string> PostAsync(string key, string format, params (string Key, string Value)[] fields)
    {
        using var client = factory.CreateClient();
        using var form = new FormUrlEncodedContent([new("api_key", key), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
        using var response = await client.PostAsync($"/open311/v2/requests.{format}", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    private Task<Municipal.Requests.Domain.ServiceRequest> StoredAsync(string number) => factory.WithScopeAsync(s =>
        s.GetRequiredService<RequestsDbContext>().Requests.Include(r => r.MediaLinks).AsNoTracking().SingleAsync(r => r.Number == number));

    [Fact]
    public async Task An_address_alone_is_kept_unplaced_and_staff_place_it_on_the_map()
    {
        var near = await factory.KnownCommunityAsync(code: "PLACE-01", latitude: 16.4700, longitude: 99.5700);
        var key = await KeyAsync();
        var created = await PostAsync(key, "json", ("service_code", "road"), ("address_string", "ถนนราชดำเนิน ซอย 3 หน้าตลาด"), ("description", "ถนนทรุด"));
        await AssertValidAsync("ours/created.json", created);
        var number = JsonDocument.Parse(created).RootElement[0].GetProperty("service_request_id").GetString()!;

        var stored = await StoredAsync(number);
        Assert.Null(stored.CommunityId);
        Assert.True(stored.NeedsLocation);
        Assert.Equal("ถนนราชดำเนิน ซอย 3 หน้าตลาด", stored.AddressText);
        using var anyone = factory.CreateClient();
        var read = await anyone.GetStringAsync($"/open311/v2/requests/{number}.json");
        await AssertValidAsync("requests.json", read);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(read).RootElement[0].GetProperty("lat").ValueKind);

        // Placing: staff who work it; a leader sees it only once it is in their community.
        using var leader = await factory.RegistryLeaderOfAsync(near, "leader-place");
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PostAsJsonAsync($"/api/requests/{stored.Id}/location", new { latitude = 16.4701, longitude = 99.5701 })).StatusCode);
        using var staff = factory.ClientAs("staff-place", "staff");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/requests/{stored.Id}/location", new { latitude = 13.75, longitude = 100.50 }), HttpStatusCode.BadRequest);
        using var placed = await staff.PostAsJsonAsync($"/api/requests/{stored.Id}/location", new { latitude = 16.4701, longitude = 99.5701 });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var view = await placed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(near, view.GetProperty("communityId").GetGuid());
        Assert.False(view.GetProperty("needsLocation").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/requests/{stored.Id}")).StatusCode);
        // Other services' copies (the LINE chat's "me too") learn the point through the outbox.
        var announced = await factory.PublishedAsync<Municipal.Contracts.RequestPlaced>(m => m.RequestId == stored.Id);
        Assert.Equal((near, 16.4701, 99.5701, "submitted", "staff-place"),
            (announced.CommunityId, announced.Latitude, announced.Longitude, announced.Status, announced.PlacedBySubject));
    }

    [Fact]
    public async Task An_address_id_alone_is_kept_too()
    {
        var key = await KeyAsync();
        var created = await PostAsync(key, "xml", ("service_code", "lighting"), ("address_id", "KPP-000123"));
        var number = Xml(created, "service_requests").Element("request")!.Element("service_request_id")!.Value;
        Assert.Equal("address_id KPP-000123", (await StoredAsync(number)).AddressText);
    }

    [Fact]
    public async Task Any_phone_is_kept_as_given_unless_thai_and_the_clients_contact_fields_are_for_staff_only()
    {
        await factory.KnownCommunityAsync(latitude: 16.4810, longitude: 99.5500);
        var key = await KeyAsync();
        var foreign = JsonDocument.Parse(await PostAsync(key, "json", ("service_code", "waste"), ("lat", "16.4811"), ("long", "99.5501"),
            ("phone", "111111111"), ("email", "smith@example.com"), ("first_name", "John"), ("last_name", "Smith"),
            ("device_id", "tt222111"), ("account_id", "123456"), ("description", "Overflowing bins"))).RootElement[0].GetProperty("service_request_id").GetString()!;
        var thai = JsonDocument.Parse(await PostAsync(key, "json", ("service_code", "waste"), ("lat", "16.4811"), ("long", "99.5501"),
            ("phone", "081 234 5678"), ("description", "ขยะล้นถัง"))).RootElement[0].GetProperty("service_request_id").GetString()!;

        var stored = await StoredAsync(foreign);
        Assert.Equal("111111111", stored.SubmitterPhone);
        Assert.Equal("John Smith", stored.SubmitterName);
        Assert.Equal("smith@example.com", stored.SubmitterEmail);
        Assert.Equal("tt222111", stored.SubmitterDeviceId);
        Assert.Equal("123456", stored.SubmitterAccountId);
        Assert.Equal("+66812345678", (await StoredAsync(thai)).SubmitterPhone);

        using var staff = factory.ClientAs("staff-contact", "staff");
        var submitter = (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{stored.Id}")).GetProperty("submitter");
        Assert.Equal("smith@example.com", submitter.GetProperty("email").GetString());
        Assert.Equal("tt222111", submitter.GetProperty("deviceId").GetString());

        using var anyone = factory.CreateClient();
        foreach (var text in new[]
        {
            await anyone.GetStringAsync($"/open311/v2/requests/{foreign}.json"),
            await anyone.GetStringAsync($"/open311/v2/requests/{foreign}.xml"),
            await anyone.GetStringAsync("/api/requests/public?category=waste&pageSize=100"),
        })
        {
            Assert.DoesNotContain("smith@example.com", text);
            Assert.DoesNotContain("111111111", text);
            Assert.DoesNotContain("tt222111", text);
            Assert.DoesNotContain("Smith", text);
        }
    }

    [Fact]
    public async Task Several_media_urls_become_several_links_in_order_and_reads_give_the_first()
    {
        await factory.KnownCommunityAsync(latitude: 16.4810, longitude: 99.5500);
        var key = await KeyAsync();
        var number = JsonDocument.Parse(await PostAsync(key, "json", ("service_code", "tree"), ("lat", "16.4812"), ("long", "99.5502"),
            ("media_url", "https://fms.example/photo/1.jpeg"), ("media_url", "https://fms.example/photo/2.jpeg"), ("media_url", "https://fms.example/photo/3.jpeg"),
            ("description", "กิ่งไม้ใหญ่หัก"))).RootElement[0].GetProperty("service_request_id").GetString()!;

        var stored = await StoredAsync(number);
        string[] expected = ["https://fms.example/photo/1.jpeg", "https://fms.example/photo/2.jpeg", "https://fms.example/photo/3.jpeg"];
        Assert.Equal(expected, stored.MediaLinks.OrderBy(m => m.Number).Select(m => m.Url));
        using var staff = factory.ClientAs("staff-media", "staff");
        Assert.Equal(3, (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{stored.Id}")).GetProperty("mediaUrls").GetArrayLength());

        using var anyone = factory.CreateClient();
        var json = await anyone.GetStringAsync($"/open311/v2/requests/{number}.json");
        await AssertValidAsync("requests.json", json);
        Assert.Equal("https://fms.example/photo/1.jpeg", JsonDocument.Parse(json).RootElement[0].GetProperty("media_url").GetString());
        var xml = Xml(await anyone.GetStringAsync($"/open311/v2/requests/{number}.xml"), "service_requests").Element("request")!;
        Assert.Equal(RequestElements, xml.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task A_list_of_a_thousand_ids_is_answered_with_the_ones_that_exist()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-1000", "resident");
        var numbers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            numbers.Add((await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community, title: $"ท่อตัน {i}"))).GetProperty("number").GetString()!);
        }

        var ids = Enumerable.Range(0, 998).Select(i => $"R2570-{i:X8}").Concat(numbers).ToList();
        using var anyone = factory.CreateClient();
        var json = await anyone.GetStringAsync($"/open311/v2/requests.json?service_request_id={string.Join(',', ids)}");

        await AssertValidAsync("requests.json", json);
        Assert.Equal(numbers.Order(), JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).Order());
    }

    [Fact]
    public async Task The_changeset_changes_when_a_service_definition_does()
    {
        using var anyone = factory.CreateClient();
        async Task<DateTimeOffset> ChangesetAsync()
        {
            var json = await anyone.GetStringAsync("/open311/v2/discovery.json");
            await AssertValidAsync("ours/discovery.json", json);
            return DateTimeOffset.Parse(JsonDocument.Parse(json).RootElement.GetProperty("changeset").GetString()!);
        }

        var before = await ChangesetAsync();
        Assert.Equal(before, await ChangesetAsync()); // nothing changed: the same

        var added = await factory.KnownCommunityAsync(code: "NEW-" + Guid.NewGuid().ToString("N")[..4]); // the community attribute's values change
        var after = await ChangesetAsync();

        Assert.True(after > before, $"{after:O} should be after {before:O}");
        var xml = Xml(await anyone.GetStringAsync("/open311/v2/discovery.xml"), "discovery");
        Assert.Equal(after, DateTimeOffset.Parse(xml.Element("changeset")!.Value));

        // Back to how the definitions looked before: a changeset later still, never the earlier one again.
        await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Communities.Where(c => c.Id == added).ExecuteDeleteAsync());
        var reverted = await ChangesetAsync();
        Assert.True(reverted > after, $"{reverted:O} should be after {after:O}");
        Assert.Equal(reverted, await ChangesetAsync());
    }

    [Fact]
    public void Discovery_names_the_public_base_url_else_where_the_gateway_was_called_never_the_services_own_port()
    {
        var options = new Open311Options();
        var http = new DefaultHttpContext().Request;
        http.Scheme = "http";
        http.Host = new HostString("localhost", 36921);
        var none = new ConfigurationBuilder().Build();
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://city.example.th/" }).Build();

        Assert.Equal("https://city.example.th/open311/v2", Open311Api.EndpointUrl(http, options, configured));
        http.Headers["X-Forwarded-Host"] = "localhost:8080";
        http.Headers["X-Forwarded-Proto"] = "http";
        Assert.Equal("http://localhost:8080/open311/v2", Open311Api.EndpointUrl(http, options, none));
    }

    [Theory]
    [InlineData("GET", "/open311/v2/nothing-here.xml", 404, true)]
    [InlineData("GET", "/open311/v2/services/road/extra.json", 404, false)]
    [InlineData("DELETE", "/open311/v2/services.json", 405, false)]
    [InlineData("PUT", "/open311/v2/requests.xml", 405, true)]
    public async Task The_routers_own_errors_under_open311_come_in_the_spec_form_and_the_requested_format(string method, string path, int status, bool xml)
    {
        using var client = factory.CreateClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        if (xml)
        {
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var error = Xml(text, "errors").Element("error")!;
            Assert.Equal(["code", "description"], error.Elements().Select(e => e.Name.LocalName));
            Assert.Equal(status.ToString(), error.Element("code")!.Value);
        }
        else
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            await AssertValidAsync("ours/errors.json", text);
        }
    }

    [Fact]
    public async Task Every_other_json_answer_validates_against_the_georeport_v2_schemas()
    {
        await factory.KnownCommunityAsync();
        var key = await KeyAsync();
        var number = JsonDocument.Parse(await PostAsync(key, "json", ("service_code", "water"), ("lat", "16.4803"), ("long", "99.5489")))
            .RootElement[0].GetProperty("service_request_id").GetString()!;
        using var anyone = factory.CreateClient();

        await AssertValidAsync("services.json", await anyone.GetStringAsync("/open311/v2/services.json"));
        await AssertValidAsync("service-definition.json", await anyone.GetStringAsync("/open311/v2/services/road.json"));
        await AssertValidAsync("requests.json", await anyone.GetStringAsync("/open311/v2/requests.json"));
        await AssertValidAsync("ours/tokens.json", await anyone.GetStringAsync($"/open311/v2/tokens/{number}.json"));
        using var missing = await anyone.GetAsync("/open311/v2/requests/R2570-FFFFFFFF.json");
        await AssertValidAsync("ours/errors.json", await missing.Content.ReadAsStringAsync());
    }
}
