using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.Requests.Tests.Masking;

/// <summary>
/// Every written form of <c>personal-data.tsv</c>, typed into a request's title, description, address and status
/// note, is hidden in every public view: the public list, and Open311's lists and single requests in JSON and XML.
/// </summary>
public sealed class PublicViewMaskingTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Fact]
    public async Task No_public_view_shows_a_phone_number_citizen_id_or_email_however_it_was_written()
    {
        var community = await factory.KnownCommunityAsync();
        using var staff = factory.ClientAs("staff-masking", "staff");
        var cases = MaskingCase.ToMask.ToList();
        var numbers = new List<string>();
        var ids = new List<Guid>();

        // Each case goes into a title, an address, a description and a status note somewhere.
        foreach (var chunk in cases.Chunk(8))
        {
            var created = await RequestsFactory.SubmitAsync(staff, new
            {
                communityId = community, category = "drainage",
                title = "ท่ออุดตัน " + chunk[0].Text,
                description = string.Join(" | ", chunk.Select(c => c.Text)),
                addressText = "ซอย 5 " + chunk[^1].Text,
                location = new { latitude = 16.4810, longitude = 99.5500 },
                channel = "phone", submitter = new { name = "นายสมชาย ใจดี", phone = "0811112222" },
            });
            var id = created.GetProperty("id").GetGuid();
            using var note = await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged", note = "โทรกลับแล้ว " + chunk[^1].Text, division = "public-works" });
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
            ids.Add(id);
            numbers.Add(created.GetProperty("number").GetString()!);
        }

        using var anonymous = factory.CreateClient();
        var views = new Dictionary<string, IReadOnlyList<string>>
        {
            ["GET /api/requests/public"] = Strings(await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public?community={community}&pageSize=100")),
            ["GET /open311/v2/requests.json"] = Strings(await anonymous.GetFromJsonAsync<JsonElement>($"/open311/v2/requests.json?service_request_id={string.Join(',', numbers)}")),
            ["GET /open311/v2/requests.xml"] = Strings(XDocument.Parse(await anonymous.GetStringAsync($"/open311/v2/requests.xml?service_request_id={string.Join(',', numbers)}"))),
        };
        foreach (var number in numbers)
        {
            views[$"GET /open311/v2/requests/{number}.json"] = Strings(await anonymous.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{number}.json"));
            views[$"GET /open311/v2/requests/{number}.xml"] = Strings(XDocument.Parse(await anonymous.GetStringAsync($"/open311/v2/requests/{number}.xml")));
        }

        foreach (var (view, strings) in views)
        {
            // The view is not empty: every request is in it, with the masked text.
            Assert.True(strings.Any(s => s.Contains("ท่ออุดตัน", StringComparison.Ordinal) || s.Contains("[ซ่อน", StringComparison.Ordinal)), $"{view} shows no request");
            foreach (var c in cases)
            {
                Assert.False(strings.Any(c.ShowsIn), $"{view} shows the secret of {c}");
            }
        }
    }

    /// <summary>Every string value of a JSON document, as text (escapes undone).</summary>
    private static List<string> Strings(JsonElement element)
    {
        var strings = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(e.GetString()!);
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(element);
        return strings;
    }

    private static List<string> Strings(XDocument document) =>
        document.Descendants().Where(e => !e.HasElements).Select(e => e.Value).ToList();
}
