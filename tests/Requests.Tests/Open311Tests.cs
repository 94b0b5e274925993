using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.Requests.Tests;

/// <summary>
/// GeoReport v2 as the spec (wiki.open311.org/GeoReport_v2) names its elements, in both formats: a client
/// written for the spec must read every answer unchanged.
/// </summary>
public sealed class Open311Tests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    // The spec's element names, in the spec's order.
    private static readonly string[] ServiceElements = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];
    private static readonly string[] RequestElements =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
        "lat", "long", "media_url",
    ];
    private static readonly string[] CreatedElements = ["service_request_id", "service_notice", "account_id"];
    private static readonly string[] AttributeElements = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];
    private static readonly string[] DiscoveryElements = ["changeset", "contact", "key_service", "endpoints"];
    private static readonly string[] EndpointElements = ["specification", "url", "changeset", "type", "formats"];
    private static readonly string[] ErrorElements = ["code", "description"];

    private static XElement Xml(string text, string root)
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text);
        var element = XDocument.Parse(text).Root!;
        Assert.Equal(root, element.Name.LocalName);
        Assert.Equal("", element.Name.NamespaceName);
        return element;
    }

    private static string[] Names(XElement element) => element.Elements().Select(e => e.Name.LocalName).ToArray();

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static async Task<string> ReadAsync(HttpResponseMessage response, HttpStatusCode status, string mediaType)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return text;
    }

    private async Task<string> KeyAsync()
    {
        using var admin = factory.ClientAs("admin-311", "admin");
        using var response = await admin.PostAsJsonAsync("/api/requests/open311/keys", new { name = "FixMyStreet bridge" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [Fact]
    public async Task Discovery_names_the_endpoint_its_formats_and_the_spec_in_both_formats()
    {
        using var client = factory.CreateClient();
        var xml = Xml(await ReadAsync(await client.GetAsync("/open311/v2/discovery.xml"), HttpStatusCode.OK, "text/xml"), "discovery");
        Assert.Equal(DiscoveryElements, Names(xml));
        var endpoint = xml.Element("endpoints")!.Element("endpoint")!;
        Assert.Equal(EndpointElements, Names(endpoint));
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.Element("specification")!.Value);
        Assert.EndsWith("/open311/v2", endpoint.Element("url")!.Value);
        Assert.Equal(["text/xml", "application/json"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));

        var json = JsonDocument.Parse(await ReadAsync(await client.GetAsync("/open311/v2/discovery.json"), HttpStatusCode.OK, "application/json")).RootElement;
        Assert.Equal(DiscoveryElements, Names(json));
        Assert.Equal(EndpointElements, Names(json.GetProperty("endpoints")[0]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", json.GetProperty("changeset").GetString());
    }

    [Fact]
    public async Task The_services_are_the_eight_categories_with_the_spec_elements_in_both_formats()
    {
        using var client = factory.CreateClient();
        var xml = Xml(await ReadAsync(await client.GetAsync("/open311/v2/services.xml"), HttpStatusCode.OK, "text/xml"), "services");
        var services = xml.Elements("service").ToList();
        Assert.Equal(8, services.Count);
        Assert.All(services, s => Assert.Equal(ServiceElements, Names(s)));
        var drainage = services.Single(s => s.Element("service_code")!.Value == "drainage");
        Assert.Equal("ท่อระบายน้ำและทางระบายน้ำ", drainage.Element("service_name")!.Value);
        Assert.Equal("realtime", drainage.Element("type")!.Value);
        Assert.Equal("true", drainage.Element("metadata")!.Value);

        var json = JsonDocument.Parse(await ReadAsync(await client.GetAsync("/open311/v2/services.json?lang=en"), HttpStatusCode.OK, "application/json")).RootElement;
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.All(json.EnumerateArray(), s => Assert.Equal(ServiceElements, Names(s)));
        Assert.Equal("Drainage and sewers", json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "drainage").GetProperty("service_name").GetString());
        Assert.Equal(JsonValueKind.True, json[0].GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task A_service_definition_offers_the_communities_as_an_optional_single_value_list()
    {
        var community = await factory.KnownCommunityAsync(code: "DEF-01", nameTh: "ชุมชนนิยาม");
        using var client = factory.CreateClient();
        var xml = Xml(await ReadAsync(await client.GetAsync("/open311/v2/services/road.xml"), HttpStatusCode.OK, "text/xml"), "service_definition");
        Assert.Equal(["service_code", "attributes"], Names(xml));
        var attribute = xml.Element("attributes")!.Element("attribute")!;
        Assert.Equal(AttributeElements, Names(attribute));
        Assert.Equal("singlevaluelist", attribute.Element("datatype")!.Value);
        Assert.Equal("false", attribute.Element("required")!.Value);
        var value = attribute.Element("values")!.Elements("value").Single(v => v.Element("key")!.Value == community.ToString());
        Assert.Equal(["key", "name"], Names(value));
        Assert.Equal("ชุมชนนิยาม (DEF-01)", value.Element("name")!.Value);

        var json = JsonDocument.Parse(await ReadAsync(await client.GetAsync("/open311/v2/services/road.json"), HttpStatusCode.OK, "application/json")).RootElement;
        Assert.Equal("road", json.GetProperty("service_code").GetString());
        Assert.Equal(AttributeElements, Names(json.GetProperty("attributes")[0]));
    }

    [Fact]
    public async Task Errors_come_in_the_spec_error_form_with_the_http_status_in_both_formats()
    {
        using var client = factory.CreateClient();
        var xml = Xml(await ReadAsync(await client.GetAsync("/open311/v2/services/volcano.xml"), HttpStatusCode.NotFound, "text/xml"), "errors");
        var error = Assert.Single(xml.Elements("error"));
        Assert.Equal(ErrorElements, Names(error));
        Assert.Equal("404", error.Element("code")!.Value);

        var json = JsonDocument.Parse(await ReadAsync(await client.GetAsync("/open311/v2/requests/R0000-NOTHING.json"), HttpStatusCode.NotFound, "application/json")).RootElement;
        Assert.Equal(ErrorElements, Names(json[0]));
        Assert.Equal(404, json[0].GetProperty("code").GetInt32());

        var jurisdiction = JsonDocument.Parse(await ReadAsync(await client.GetAsync("/open311/v2/services.json?jurisdiction_id=elsewhere.example"), HttpStatusCode.NotFound, "application/json")).RootElement;
        Assert.Contains("jurisdiction_id", jurisdiction[0].GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open311/v2/services.json?jurisdiction_id=kamphaengphet-town")).StatusCode);

        await ReadAsync(await client.GetAsync("/open311/v2/services.csv"), HttpStatusCode.BadRequest, "application/json");
        await ReadAsync(await client.GetAsync("/open311/v2/requests.xml?status=pending"), HttpStatusCode.BadRequest, "text/xml");
        await ReadAsync(await client.GetAsync("/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), HttpStatusCode.BadRequest, "text/xml");
        await ReadAsync(await client.GetAsync("/open311/v2/requests.json?start_date=yesterday"), HttpStatusCode.BadRequest, "application/json");
    }

    [Fact]
    public async Task Posting_needs_a_valid_api_key_403_otherwise()
    {
        using var client = factory.CreateClient();
        var form = Form(("service_code", "road"), ("lat", "16.4810"), ("long", "99.5500"), ("description", "หลุม"));
        var missing = JsonDocument.Parse(await ReadAsync(await client.PostAsync("/open311/v2/requests.json", form), HttpStatusCode.Forbidden, "application/json")).RootElement;
        Assert.Equal(403, missing[0].GetProperty("code").GetInt32());
        await ReadAsync(await client.PostAsJsonAsync("/open311/v2/requests.json", new { service_code = "road" }), HttpStatusCode.BadRequest, "application/json");
        var wrong = Form(("api_key", "o311_not-a-key"), ("service_code", "road"), ("lat", "16.4810"), ("long", "99.5500"));
        Xml(await ReadAsync(await client.PostAsync("/open311/v2/requests.xml", wrong), HttpStatusCode.Forbidden, "text/xml"), "errors");
    }

    [Fact]
    public async Task A_client_posts_a_form_and_the_request_goes_to_the_nearest_community()
    {
        var near = await factory.KnownCommunityAsync(code: "NEAR-01", latitude: 16.4950, longitude: 99.5300);
        await factory.KnownCommunityAsync(latitude: 16.4600, longitude: 99.5600);
        var key = await KeyAsync();
        using var client = factory.CreateClient();

        var body = JsonDocument.Parse(await ReadAsync(await client.PostAsync("/open311/v2/requests.json?jurisdiction_id=kamphaengphet-town", Form(
            ("api_key", key), ("service_code", "lighting"), ("lat", "16.4951"), ("long", "99.5301"),
            ("first_name", "สมปอง"), ("last_name", "รักดี"), ("phone", "081-999-8888"), ("email", "sompong@example.com"),
            ("description", "ไฟทางดับสามต้น\nหน้าโรงเรียน"), ("media_url", "https://photos.example/p/1.jpg"))), HttpStatusCode.OK, "application/json")).RootElement;

        var created = Assert.Single(body.EnumerateArray());
        Assert.Equal(CreatedElements, Names(created));
        var number = created.GetProperty("service_request_id").GetString()!;
        Assert.Matches("^R25[0-9]{2}-[0-9A-F]{8}$", number);
        Assert.Contains("24", created.GetProperty("service_notice").GetString());

        var stored = await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.SingleAsync(r => r.Number == number));
        Assert.Equal(near, stored.CommunityId);
        Assert.Equal(Municipal.Requests.Domain.RequestChannel.Open311, stored.Channel);
        Assert.Equal("ไฟทางดับสามต้น", stored.Title);
        Assert.Equal("สมปอง รักดี", stored.SubmitterName);
        Assert.Equal("+66819998888", stored.SubmitterPhone);
        Assert.Null(stored.SubmitterSubject);
        Assert.Equal("open311", await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().History
            .Where(h => h.RequestId == stored.Id).Select(h => h.ActorRole).SingleAsync()));
        await factory.PublishedAsync<RequestSubmitted>(m => m.Number == number && m.Channel == "open311");

        var xml = Xml(await ReadAsync(await client.PostAsync("/open311/v2/requests.xml", Form(
            ("api_key", key), ("jurisdiction_id", "kamphaengphet-town"), ("service_code", "road"), ("address_string", "ถนนราชดำเนิน ซอย 1"),
            ("attribute[community]", "NEAR-01"), ("description", "ถนนยุบ"))), HttpStatusCode.OK, "text/xml"), "service_requests");
        var byCode = xml.Element("request")!.Element("service_request_id")!.Value;
        Assert.Equal(near, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.Where(r => r.Number == byCode).Select(r => r.CommunityId).SingleAsync()));
        Assert.Equal(CreatedElements, Names(xml.Element("request")!));
    }

    [Theory]
    [InlineData("service_code=", 400)]
    [InlineData("service_code=volcano&lat=16.481&long=99.55", 404)]
    [InlineData("service_code=road", 400)] // no location
    [InlineData("service_code=road&lat=13.75&long=100.50", 400)] // Bangkok
    [InlineData("service_code=road&lat=16.481&long=99.55&phone=123456789012345678901234567890123", 400)] // 33 characters
    [InlineData("service_code=road&lat=16.481&long=99.55&media_url=javascript:alert(1)", 400)]
    [InlineData("service_code=road&lat=16.481&long=99.55&jurisdiction_id=other", 404)]
    public async Task Bad_posts_are_refused_in_the_error_form(string fields, int status)
    {
        await factory.KnownCommunityAsync();
        var key = await KeyAsync();
        using var client = factory.CreateClient();
        using var content = new StringContent($"api_key={Uri.EscapeDataString(key)}&{fields}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var json = JsonDocument.Parse(await ReadAsync(await client.PostAsync("/open311/v2/requests.json", content), (HttpStatusCode)status, "application/json")).RootElement;
        Assert.Equal(status, json[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Requests_are_read_with_the_spec_elements_and_no_personal_data_in_both_formats()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-311", "staff");
        var created = await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = community, category = "drainage", title = "ท่อตัน", description = "ท่อตันหน้าบ้าน โทรหาได้ที่ 089-123-4567",
            location = new { latitude = 16.4812, longitude = 99.5491 }, addressText = "ซอยวัดบาง",
            channel = "phone", submitter = new { name = "นางมาลี ศรีสุข", phone = "0891234567" },
        });
        var number = created.GetProperty("number").GetString()!;
        using var client = factory.CreateClient();

        var text = await ReadAsync(await client.GetAsync($"/open311/v2/requests.xml?service_request_id={number}"), HttpStatusCode.OK, "text/xml");
        var request = Assert.Single(Xml(text, "service_requests").Elements("request"));
        Assert.Equal(RequestElements, Names(request));
        Assert.Equal(number, request.Element("service_request_id")!.Value);
        Assert.Equal("open", request.Element("status")!.Value);
        Assert.Equal("drainage", request.Element("service_code")!.Value);
        Assert.Equal("กองช่าง", request.Element("agency_responsible")!.Value);
        Assert.Equal("16.4812", request.Element("lat")!.Value);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$", request.Element("requested_datetime")!.Value);
        Assert.DoesNotContain("4567", text);
        Assert.DoesNotContain("มาลี", text);
        Assert.Contains("[ซ่อนเบอร์โทรศัพท์]", request.Element("description")!.Value);

        var json = JsonDocument.Parse(await ReadAsync(await client.GetAsync($"/open311/v2/requests/{number}.json"), HttpStatusCode.OK, "application/json")).RootElement;
        var one = Assert.Single(json.EnumerateArray());
        Assert.Equal(RequestElements, Names(one));
        Assert.Equal(JsonValueKind.String, one.GetProperty("service_request_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, one.GetProperty("long").ValueKind);
        Assert.DoesNotContain("0891234567", json.GetRawText());
    }

    [Fact]
    public async Task Requests_are_filtered_by_id_service_code_status_and_dates()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-311-filter", "resident");
        var tree = (await RequestsFactory.SubmitAsync(resident, new { communityId = community, category = "tree", title = "กิ่งไม้", description = "กิ่งไม้ใหญ่" })).GetProperty("number").GetString()!;
        var waste = await RequestsFactory.SubmitAsync(resident, new { communityId = community, category = "waste", title = "ขยะ", description = "ขยะล้น" });
        using var staff = factory.ClientAs("staff-311-filter", "staff");
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, waste.GetProperty("id").GetGuid(), new { to = "rejected", note = "เก็บแล้ว" })).StatusCode);
        var wasteNumber = waste.GetProperty("number").GetString()!;
        using var client = factory.CreateClient();
        async Task<string[]> Numbers(string query) =>
            (await client.GetFromJsonAsync<JsonElement>($"/open311/v2/requests.json?{query}")).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!).ToArray();

        Assert.Equal([tree], await Numbers("service_code=tree"));
        Assert.Contains(wasteNumber, await Numbers("service_code=waste,tree&status=closed"));
        Assert.DoesNotContain(tree, await Numbers("service_code=waste,tree&status=closed"));
        Assert.Equal([wasteNumber, tree], await Numbers($"service_request_id={tree},{wasteNumber}&status=open")); // ids override the rest
        var closed = (await client.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{wasteNumber}.json"))[0];
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("เก็บแล้ว", closed.GetProperty("status_notes").GetString());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("expected_datetime").ValueKind);

        var lastMonth = DateTimeOffset.UtcNow.AddDays(-40).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var weekAgo = DateTimeOffset.UtcNow.AddDays(-7).ToString("yyyy-MM-ddTHH:mm:ssZ");
        Assert.Empty(await Numbers($"service_code=tree&start_date={lastMonth}&end_date={weekAgo}"));
        Assert.Equal([tree], await Numbers($"service_code=tree&start_date={weekAgo}"));
    }

    [Fact]
    public async Task A_token_resolves_to_its_service_request_id()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-token", "resident");
        var number = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("number").GetString()!;
        using var client = factory.CreateClient();

        var xml = Xml(await ReadAsync(await client.GetAsync($"/open311/v2/tokens/{number}.xml"), HttpStatusCode.OK, "text/xml"), "service_requests");
        Assert.Equal(["service_request_id", "token"], Names(xml.Element("request")!));
        Assert.Equal(number, xml.Element("request")!.Element("service_request_id")!.Value);
        await ReadAsync(await client.GetAsync("/open311/v2/tokens/nothing.json"), HttpStatusCode.NotFound, "application/json");
    }

    [Fact]
    public async Task Only_admins_issue_keys_and_the_list_never_shows_them()
    {
        using var staff = factory.ClientAs("staff-keys", "staff");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/requests/open311/keys", new { name = "x" }), HttpStatusCode.Forbidden);
        using var admin = factory.ClientAs("admin-keys", "admin");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/requests/open311/keys", new { name = " " }), HttpStatusCode.BadRequest);
        var key = await KeyAsync();

        var list = await admin.GetStringAsync("/api/requests/open311/keys");
        Assert.Contains("FixMyStreet bridge", list);
        Assert.DoesNotContain(key, list);
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Open311Keys.AnyAsync(k => k.KeyHash == key)));
    }

    [Fact]
    public async Task An_open311_retry_with_the_same_idempotency_key_creates_one_request()
    {
        await factory.KnownCommunityAsync(latitude: 16.4700, longitude: 99.5700);
        var key = await KeyAsync();
        using var client = factory.CreateClient();
        HttpRequestMessage Post()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json")
            {
                Content = Form(("api_key", key), ("service_code", "waste"), ("lat", "16.4701"), ("long", "99.5701"), ("description", "ขยะตกค้าง")),
            };
            message.Headers.Add("Idempotency-Key", "retry-311");
            return message;
        }

        var first = await ReadAsync(await client.SendAsync(Post()), HttpStatusCode.OK, "application/json");
        var second = await ReadAsync(await client.SendAsync(Post()), HttpStatusCode.OK, "application/json");

        Assert.Equal(first, second);
        var number = JsonDocument.Parse(first).RootElement[0].GetProperty("service_request_id").GetString();
        Assert.Equal(1, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync(r => r.Description == "ขยะตกค้าง")));
        Assert.NotNull(number);
    }

    [Fact]
    public async Task An_open311_idempotency_key_reused_for_another_request_is_refused_in_the_specs_error_form()
    {
        await factory.KnownCommunityAsync(latitude: 16.4700, longitude: 99.5700);
        var key = await KeyAsync();
        using var client = factory.CreateClient();
        HttpRequestMessage Post(string description)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.xml")
            {
                Content = Form(("api_key", key), ("service_code", "waste"), ("lat", "16.4701"), ("long", "99.5701"), ("description", description)),
            };
            message.Headers.Add("Idempotency-Key", "reused-311");
            return message;
        }

        await ReadAsync(await client.SendAsync(Post("ขยะตกค้างซอย 1")), HttpStatusCode.OK, "text/xml");
        var refused = Xml(await ReadAsync(await client.SendAsync(Post("ขยะตกค้างซอย 2")), HttpStatusCode.BadRequest, "text/xml"), "errors");

        Assert.Equal("400", refused.Element("error")!.Element("code")!.Value);
        Assert.Equal(0, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync(r => r.Description == "ขยะตกค้างซอย 2")));
    }
}
