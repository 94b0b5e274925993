using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Issue 5's "done when", through the gateway of the running system: a community's problem is tracked from
/// the leader's report, with a photo, through triage to Public Works, into the FY 2570 development plan, and
/// out through Open311 without personal data.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RequestsFlowTests(SystemFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private async Task<(Guid Id, string NameTh)> CommunityAsync()
    {
        var page = await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?q=KPP-&status=active&pageSize=3");
            return body.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)body : null;
        }, what: "the founding communities");
        var community = page!.Value.GetProperty("items")[2];
        var id = community.GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(Gateway, id);
        return (id, community.GetProperty("nameTh").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Gateway.SendAsync(request);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_leaders_drainage_request_with_a_photo_is_triaged_to_public_works_planned_for_fy_2570_and_listed_by_open311_without_personal_data()
    {
        var (community, communityName) = await CommunityAsync();
        var leader = await RegistryLeaders.TokenAsync(Gateway, "e2e-drain-leader", community);
        var staff = TestTokens.For("e2e-public-works", ["staff"], division: "public-works");
        var admin = TestTokens.For("e2e-admin", ["admin"]);

        // A leader submits a drainage request…
        using var submitted = await SendAsync(HttpMethod.Post, "/api/requests", leader, JsonContent.Create(new
        {
            communityId = community,
            category = "drainage",
            title = "ท่อระบายน้ำซอยวัดอุดตัน",
            description = "น้ำท่วมขังทุกครั้งที่ฝนตก ท่อเดิมเล็กเกินไป ติดต่อประธานชุมชน 081-234-5678",
            location = new { latitude = 16.4790, longitude = 99.5475 },
        }));
        var created = await ExpectAsync(submitted, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;

        // …with a photo (an 8×8 JPEG, with a trailer a phone app might leave), which comes back re-encoded: the picture only.
        var jpeg = Convert.FromBase64String(
            "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcH" +
            "BwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAA" +
            "AAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCQBZhn/9k=")
            .Concat("trailing-bytes-of-the-phone-app"u8.ToArray()).ToArray();
        var photo = new ByteArrayContent(jpeg);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { photo, "photo", "drain.jpg" } };
        using var uploaded = await SendAsync(HttpMethod.Post, $"/api/requests/{id}/photos", leader, form);
        await ExpectAsync(uploaded, HttpStatusCode.Created);
        using var download = await SendAsync(HttpMethod.Get, $"/api/requests/{id}/photos/1", staff);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        var served = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8, 0xFF], served[..3]);
        Assert.Equal([0xFF, 0xD9], served[^2..]);

        // Staff triage it to Public Works and find it needs budget.
        using var triaged = await SendAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", staff,
            JsonContent.Create(new { to = "triaged", division = "public-works", note = "กองช่างรับเรื่อง" }));
        Assert.Equal("public-works", (await ExpectAsync(triaged, HttpStatusCode.OK)).GetProperty("divisionCode").GetString());
        using var needsBudget = await SendAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", staff,
            JsonContent.Create(new { to = "needs-budget", note = "ต้องวางท่อใหม่ 120 เมตร" }));
        await ExpectAsync(needsBudget, HttpStatusCode.OK);

        // The plan 2566–2570 exists (made here, or by an earlier test of this run), and the request is proposed for FY 2570.
        using var period = await SendAsync(HttpMethod.Post, "/api/requests/plan/periods", admin, JsonContent.Create(new { firstYear = 2566 }));
        Assert.True(period.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"plan period: {(int)period.StatusCode}");
        using var proposed = await SendAsync(HttpMethod.Post, "/api/requests/plan/projects", staff, JsonContent.Create(new
        {
            title = "วางท่อระบายน้ำ คสล. ซอยวัด",
            strategy = "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
            fiscalYears = new[] { 2570 },
            estimatedBudget = 850_000m,
            requestIds = new[] { id },
        }));
        var project = await ExpectAsync(proposed, HttpStatusCode.Created);
        var projectId = project.GetProperty("id").GetGuid();

        // The plan report for FY 2570 shows it with its community.
        using var reportResponse = await SendAsync(HttpMethod.Get, "/api/requests/plan/report?fiscalYear=2570", leader);
        var report = await ExpectAsync(reportResponse, HttpStatusCode.OK);
        var planned = report.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("fiscalYear").GetInt32() == 2570)
            .GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            .Single(p => p.GetProperty("id").GetGuid() == projectId);
        Assert.Equal(id, planned.GetProperty("requests")[0].GetProperty("id").GetGuid());
        Assert.Equal("proposed-for-plan", planned.GetProperty("requests")[0].GetProperty("status").GetString());
        Assert.Equal(communityName, planned.GetProperty("communities")[0].GetProperty("nameTh").GetString());

        // Open311 lists it, without personal data.
        using var open311 = await Gateway.GetAsync("/open311/v2/requests.xml");
        Assert.Equal(HttpStatusCode.OK, open311.StatusCode);
        Assert.Equal("text/xml", open311.Content.Headers.ContentType?.MediaType);
        var xml = await open311.Content.ReadAsStringAsync();
        var listed = XDocument.Parse(xml).Root!.Elements("request").Single(r => r.Element("service_request_id")!.Value == number);
        Assert.Equal("open", listed.Element("status")!.Value);
        Assert.Equal("drainage", listed.Element("service_code")!.Value);
        Assert.Equal("กองช่าง", listed.Element("agency_responsible")!.Value);
        Assert.DoesNotContain("081-234-5678", xml);
        Assert.DoesNotContain("e2e-drain-leader", xml);
        Assert.Contains("[ซ่อนเบอร์โทรศัพท์]", listed.Element("description")!.Value);
    }
}
