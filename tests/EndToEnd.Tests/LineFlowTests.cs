using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Issue 17's LINE conversations, whole, through the gateway of the running system: a fake LINE platform (the tests'
/// own HTTP server) sends signed webhook calls to the gateway and takes the replies, pushes and content calls of
/// Notifications and Requests. A report with two photos and a pin becomes a LINE request with those photos; a pin
/// outside the municipality is answered; a report is cancelled, one expires; "me too"; a status push; "not fixed" on a
/// resolved request reopens it; a redelivery.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class LineFlowTests(SystemFixture system)
{
    private const string Webhook = "/api/notifications/line/webhook";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private HttpClient Gateway => system.Gateway;

    private FakeLinePlatform Line => system.Line;

    private static byte[] Jpeg(byte fill) => TestPictures.JpegWithTrailer(fill);

    [GeneratedRegex(@"R25\d\d-[0-9A-F]{8}")]
    private static partial Regex RequestNumber();

    private async Task SendAsync(params JsonObject[] events)
    {
        using var response = await Line.SendAsync(Gateway, Webhook, events);
        Assert.True(response.IsSuccessStatusCode, $"the webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<FakeLinePlatform.BotMessage> SayAsync(string user, JsonObject e, Func<FakeLinePlatform.BotMessage, bool> expect, string what)
    {
        var before = Line.MessagesTo(user).Count;
        await SendAsync(e);
        return await Line.NextAsync(user, expect, before, Patience, what);
    }

    /// <summary>A new LINE user who accepted the PDPA notice and picked the category; asked for photos.</summary>
    private async Task<string> StartReportAsync(string category)
    {
        var user = FakeLinePlatform.NewUserId();
        var notice = await SayAsync(user, Line.Follow(user), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the PDPA notice on first contact");
        await SayAsync(user, Line.Postback(user, notice.PostbackOf("ยอมรับและแจ้งต่อ")!), m => m.Text.Contains("เรื่องใด"), "the categories");
        await SayAsync(user, Line.Postback(user, $"category={category}"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        return user;
    }

    /// <summary>
    /// Sends a pin inside the municipality and goes on to the description: other tests share the system, so an open
    /// request of theirs may be near, and then the chat offers "me too" first; this report is a new one.
    /// </summary>
    private async Task PinAsync(string user, double latitude, double longitude, string? address = null)
    {
        var answer = await SayAsync(user, Line.Location(user, latitude, longitude, address),
            m => m.Text.Contains("รายละเอียด") || m.Text.Contains("ฉันก็เจอ"), "the description step (or a me-too offer)");
        if (answer.Text.Contains("ฉันก็เจอ"))
        {
            await SayAsync(user, Line.Postback(user, answer.PostbackOf("แจ้งเรื่องใหม่")!), m => m.Text.Contains("รายละเอียด"), "the description step");
        }
    }

    private async Task<JsonElement> StaffGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("e2e-line-staff", ["staff"]));
        using var response = await Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The request with this number, as staff see it.</summary>
    private async Task<JsonElement> RequestAsync(string number, string category) =>
        (await Eventually.GetAsync(async () =>
        {
            var page = await StaffGetAsync($"/api/requests?category={category}&pageSize=100");
            return page.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("number").GetString() == number).Select(r => (JsonElement?)r).FirstOrDefault();
        }, Patience, $"request {number} in the staff's list"))!.Value;

    [Fact]
    public async Task A_complete_report_with_two_photos_and_a_pin_becomes_a_line_request_with_its_number_and_a_status_change_is_pushed()
    {
        var user = await StartReportAsync("drainage");
        var first = Jpeg(1);
        var second = Jpeg(2);
        await SayAsync(user, Line.Image(user, Line.AddContent(first)), m => m.Text.Contains("ได้รับรูปที่ 1"), "the first photo");
        await SayAsync(user, Line.Image(user, Line.AddContent(second)), m => m.Text.Contains("ได้รับรูปที่ 2"), "the second photo");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        await PinAsync(user, 16.4796, 99.5462, "ซอยวัดบาง ถนนเทศบาล 2");
        await SendAsync(Line.Text(user, "ท่อระบายน้ำอุดตัน น้ำขังทั้งซอย"));

        var numbered = await Line.NextAsync(user, m => RequestNumber().IsMatch(m.Text), patience: Patience, what: "the request number");
        var number = RequestNumber().Match(numbered.Text).Value;
        var request = await RequestAsync(number, "drainage");
        Assert.Equal("line", request.GetProperty("channel").GetString());
        Assert.Equal("ท่อระบายน้ำอุดตัน น้ำขังทั้งซอย", request.GetProperty("title").GetString());
        Assert.Equal(16.4796, request.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, request.GetProperty("communityId").ValueKind);
        var id = request.GetProperty("id").GetGuid();
        var photos = request.GetProperty("photos").EnumerateArray().ToList();
        Assert.Equal(2, photos.Count);
        using (var download = new HttpRequestMessage(HttpMethod.Get, $"/api/requests/{id}/photos/2"))
        {
            download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("e2e-line-staff", ["staff"]));
            using var photo = await Gateway.SendAsync(download);
            Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
            // Re-encoded like an uploaded photo: the picture, without what the phone left after it.
            var served = await photo.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xFF, 0xD8, 0xFF], served[..3]);
            Assert.Equal([0xFF, 0xD9], served[^2..]);
            Assert.NotEqual(second, served);
        }

        // Staff move it on with a public note: the reporter hears of it on LINE, in Thai, with the note.
        using (var move = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/transitions") { Content = JsonContent.Create(new { to = "triaged", note = "ส่งกองช่างตรวจสอบพรุ่งนี้" }) })
        {
            move.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("e2e-line-staff", ["staff"]));
            using var moved = await Gateway.SendAsync(move);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var pushed = await Line.NextAsync(user, m => m.Via == "push" && m.Text.Contains("ส่งต่อหน่วยงานแล้ว"), patience: Patience, what: "the status push");
        Assert.Contains(number, pushed.Text);
        Assert.Contains("ส่งกองช่างตรวจสอบพรุ่งนี้", pushed.Text);

        // เรื่องของฉัน lists it with its state.
        var mine = await SayAsync(user, Line.Text(user, "เรื่องของฉัน"), m => m.Text.Contains(number), "the reporter's open requests");
        Assert.Contains("ส่งต่อหน่วยงานแล้ว", mine.Text);
    }

    [Fact]
    public async Task A_pin_outside_the_municipality_gets_a_polite_answer_and_a_second_chance()
    {
        var user = await StartReportAsync("road");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");

        var outside = await SayAsync(user, Line.Location(user, 18.7883, 98.9853, "เชียงใหม่"), m => m.Text.Contains("นอกเขตเทศบาล"), "the polite answer");
        Assert.Contains("ส่งตำแหน่ง", outside.Labels);

        await PinAsync(user, 16.4823, 99.5516);
        await SendAsync(Line.Text(user, "ถนนเป็นหลุมลึกหน้าโรงเรียน"));
        var numbered = await Line.NextAsync(user, m => RequestNumber().IsMatch(m.Text), patience: Patience, what: "the request number");
        var request = await RequestAsync(RequestNumber().Match(numbered.Text).Value, "road");
        Assert.Equal(16.4823, request.GetProperty("location").GetProperty("latitude").GetDouble());
    }

    [Fact]
    public async Task A_cancelled_report_and_an_expired_one_file_nothing()
    {
        var cancelling = await StartReportAsync("tree");
        await SayAsync(cancelling, Line.Image(cancelling, Line.AddContent(Jpeg(3))), m => m.Text.Contains("ได้รับรูปที่ 1"), "the photo");
        await SayAsync(cancelling, Line.Postback(cancelling, "action=cancel"), m => m.Text.Contains("ยกเลิกการแจ้งเรื่องแล้ว"), "the cancellation");
        // Whatever comes next starts from nothing: a description now is not a report.
        var help = await SayAsync(cancelling, Line.Text(cancelling, "กิ่งไม้ใหญ่จะหักใส่บ้าน"), m => m.Text.Contains("แจ้งปัญหา"), "the help");
        Assert.DoesNotMatch(RequestNumber(), help.Text);

        var leaving = await StartReportAsync("waste");
        await SayAsync(leaving, Line.Postback(leaving, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        Line.Advance(TimeSpan.FromHours(2));
        var expired = await SayAsync(leaving, Line.Location(leaving, 16.4800, 99.5480), m => m.Text.Contains("หมดเวลา"), "the expiry");
        Assert.Contains("ไม่ได้ส่งถึงเทศบาล", expired.Text);

        var page = await StaffGetAsync("/api/requests?category=tree&pageSize=100");
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), r => r.GetProperty("description").GetString() == "กิ่งไม้ใหญ่จะหักใส่บ้าน");
        Assert.All(Line.MessagesTo(cancelling).Concat(Line.MessagesTo(leaving)), m => Assert.DoesNotMatch(RequestNumber(), m.Text));
    }

    [Fact]
    public async Task Near_an_open_request_of_the_same_kind_me_too_adds_the_reporter_as_a_supporter()
    {
        var community = (await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?q=KPP-&status=active&pageSize=5");
            return body.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)body.GetProperty("items")[4] : null;
        }, Patience, "the founding communities"))!.Value.GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(Gateway, community);
        var resident = TestTokens.For($"e2e-metoo-{Guid.NewGuid():N}", ["resident"]);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = JsonContent.Create(new
            {
                communityId = community, category = "lighting", title = "ไฟทางดับทั้งแถว", description = "ไฟทางดับ 5 ต้น",
                location = new { latitude = 16.4667, longitude = 99.5733 },
            }),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", resident);
        using var submitted = await Gateway.SendAsync(submit);
        var created = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("id").GetGuid();
        var number = created.GetProperty("number").GetString()!;
        // Notifications has it once the submitter's notice is in their inbox.
        await Eventually.TrueAsync(async () =>
        {
            using var inbox = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/inbox");
            inbox.Headers.Authorization = new AuthenticationHeaderValue("Bearer", resident);
            using var answer = await Gateway.SendAsync(inbox);
            return (await answer.Content.ReadAsStringAsync()).Contains(number);
        }, Patience, "the submission seen by Notifications");

        var user = await StartReportAsync("lighting");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        var offer = await SayAsync(user, Line.Location(user, 16.4668, 99.5734), m => m.Text.Contains(number), "the me-too offer");
        await SayAsync(user, Line.Postback(user, offer.PostbackOf("ฉันก็เจอ")!), m => m.Text.Contains("ขอบคุณ"), "the thanks");

        await Eventually.TrueAsync(async () => (await StaffGetAsync($"/api/requests/{id}")).GetProperty("supporters").GetInt32() == 1,
            Patience, "the reporter counted as a supporter");
    }

    [Fact]
    public async Task A_reporter_who_taps_not_fixed_reopens_the_request_hears_of_it_and_a_second_tap_counts_for_nothing()
    {
        var user = await StartReportAsync("road");
        await SayAsync(user, Line.Postback(user, "action=skip"), m => m.Text.Contains("ส่งตำแหน่ง"), "the place step");
        await PinAsync(user, 16.4809, 99.5478);
        await SendAsync(Line.Text(user, "ถนนยุบเป็นแอ่ง รถจักรยานยนต์ล้ม"));
        var numbered = await Line.NextAsync(user, m => RequestNumber().IsMatch(m.Text), patience: Patience, what: "the request number");
        var number = RequestNumber().Match(numbered.Text).Value;
        var id = (await RequestAsync(number, "road")).GetProperty("id").GetGuid();

        // The division fixes it; the reporter hears it is resolved.
        var works = TestTokens.For($"e2e-line-works-{Guid.NewGuid():N}", ["staff"], division: "public-works");
        foreach (var to in new[] { "triaged", "resolved" })
        {
            using var move = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/transitions") { Content = JsonContent.Create(new { to }) };
            move.Headers.Authorization = new AuthenticationHeaderValue("Bearer", works);
            using var moved = await Gateway.SendAsync(move);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"to {to}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        }

        await Line.NextAsync(user, m => m.Via == "push" && m.Text.Contains(number) && m.Text.Contains("แก้ไขแล้ว"), patience: Patience, what: "the resolved push");

        // "ยังไม่ได้แก้ไข", as the question's button sends it (the question itself comes days after the resolution).
        var beforeAnswer = Line.MessagesTo(user).Count;
        var thanks = await SayAsync(user, Line.Postback(user, $"feedback={id}&round=1&fixed=no"), m => m.Text.Contains("รับคำตอบแล้ว"), "the thanks");
        Assert.Contains($"{number}: ยังไม่ได้แก้ไข", thanks.Text);

        // Requests applies it with the web route's rule: reopened, back with the division, and the reporter is told.
        await Eventually.TrueAsync(async () => (await StaffGetAsync($"/api/requests/{id}")).GetProperty("status").GetString() == "in-progress",
            Patience, "the request reopened");
        var reopened = await Line.NextAsync(user, m => m.Via == "push" && m.Text.Contains(number) && m.Text.Contains("กำลังดำเนินการ"), beforeAnswer,
            Patience, "the reopening pushed to the reporter");
        Assert.DoesNotContain("รับคำตอบแล้ว", reopened.Text);

        // One answer counts per resolution: a later tap on the same question is told so, and changes nothing.
        var again = await SayAsync(user, Line.Postback(user, $"feedback={id}&round=1&rating=5"), m => m.Text.Contains("คำตอบแรกเท่านั้นที่นับ"), "the answer already given");
        Assert.Contains(number, again.Text);
        var view = await StaffGetAsync($"/api/requests/{id}");
        Assert.Equal("in-progress", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_redelivered_event_is_handled_once()
    {
        var user = await StartReportAsync("flooding");
        var photo = Line.Image(user, Line.AddContent(Jpeg(5)));
        await SayAsync(user, photo, m => m.Text.Contains("ได้รับรูปที่ 1"), "the photo");
        var answered = Line.MessagesTo(user).Count;

        using var again = await Line.SendAsync(Gateway, Webhook, FakeLinePlatform.Redelivery(photo));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("redelivered").GetInt32());

        // Had it been handled again, the photo would count twice ("ได้รับรูปที่ 2").
        var next = await SayAsync(user, Line.Image(user, Line.AddContent(Jpeg(6))), m => m.Text.Contains("ได้รับรูปที่"), "the next photo");
        Assert.Contains("ได้รับรูปที่ 2", next.Text);
        Assert.Equal(answered + 1, Line.MessagesTo(user).Count);
    }
}
