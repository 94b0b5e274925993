using Aspire.Hosting;
using Municipal.Testing;
using RabbitMQ.Client;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Notifications through the running system: a person from the registry registers for a session and hears
/// of it once, in Thai, in the inbox and by mail with an .ics (seen in the development SMTP sink); the same
/// event replayed on RabbitMQ changes nothing; cancelling the session sends METHOD:CANCEL with a higher
/// sequence. Needs the Communities and Scheduling routes of their issues.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class NotificationsFlowTests(SystemFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static HttpRequestMessage As(string token, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null)
    {
        using var response = await Gateway.SendAsync(As(token, method, path, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Retries while another service has not yet seen the registry's events (404/422 until then).</summary>
    private async Task<JsonElement> SendWhenReadyAsync(string token, HttpMethod method, string path, object? body, string what) =>
        (await Eventually.GetAsync(async () =>
        {
            using var response = await Gateway.SendAsync(As(token, method, path, body));
            return response.IsSuccessStatusCode ? (JsonElement?)JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : null;
        }, Patience, what))!.Value;

    [Fact]
    public async Task A_registration_is_told_once_in_thai_in_the_inbox_and_by_mail_and_a_cancellation_cancels_the_calendar_entry()
    {
        var staff = TestTokens.For("e2e-notify-staff", ["staff"]);
        var subject = $"e2e-notify-{Guid.NewGuid():N}";
        var email = $"{subject}@example.th";
        var me = TestTokens.For(subject, ["community-leader"]);

        var person = await SendAsync(staff, HttpMethod.Post, "/api/communities/people", new
        {
            title = "นาย", firstNameTh = "สมชาย", lastNameTh = "ใจดี", email, subject, preferredChannel = "email", language = "th",
        });
        var personId = person.GetProperty("id").GetGuid();

        var startsAt = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Date.AddDays(30).AddHours(9);
        var fiscalYear = (startsAt.Month >= 10 ? startsAt.Year + 1 : startsAt.Year) + 543;
        var venues = await SendAsync(staff, HttpMethod.Get, "/api/scheduling/venues");
        var venueId = venues.GetProperty("items")[0].GetProperty("id").GetGuid();
        var programme = await SendAsync(staff, HttpMethod.Post, "/api/scheduling/programmes", new
        {
            fiscalYear, title = "โครงการฝึกอบรมเพิ่มประสิทธิภาพผู้นำชุมชน (ทดสอบแจ้งเตือน)", targetRoles = new[] { "president" },
        });
        var session = await SendAsync(staff, HttpMethod.Post, "/api/scheduling/sessions", new
        {
            programmeId = programme.GetProperty("id").GetGuid(),
            title = "ประชุมผู้นำชุมชน",
            startsAt = startsAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            endsAt = startsAt.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            venueId,
            capacity = 10,
        });
        var sessionId = session.GetProperty("id").GetGuid();

        // Watch the event as it crosses the broker, to replay it afterwards.
        await using var broker = await BrokerAsync();
        await using var tap = await broker.CreateChannelAsync();
        var tapQueue = (await tap.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await tap.QueueBindAsync(tapQueue, "Municipal.Contracts:RegistrationConfirmed", "");

        var registration = await SendWhenReadyAsync(staff, HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/registrations",
            new { personId }, "Scheduling to know the person and register them");
        Assert.Equal("confirmed", registration.GetProperty("status").GetString());

        var entry = await Eventually.GetAsync(async () =>
        {
            var inbox = await SendAsync(me, HttpMethod.Get, "/api/notifications/inbox");
            return inbox.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "registration-confirmed")
                .Select(i => (JsonElement?)i).FirstOrDefault();
        }, Patience, "the Thai inbox entry");
        Assert.StartsWith("ยืนยันการลงทะเบียน", entry!.Value.GetProperty("title").GetString());
        Assert.Contains(" 2", entry.Value.GetProperty("body").GetString()); // the B.E. year, e.g. 2569
        Assert.Contains("น.", entry.Value.GetProperty("body").GetString());

        var invite = (await MailsWithIcsAsync(email, 1)).Single();
        Assert.Contains("METHOD:REQUEST", invite);
        Assert.Contains($"UID:session-{sessionId:N}@scheduling.municipal", invite);
        var requestSequence = Sequence(invite);

        // Replayed: the very message again, and the same event under a new message id.
        var original = await Eventually.GetAsync(async () => await tap.BasicGetAsync(tapQueue, autoAck: true), Patience, "the event on the broker");
        await tap.BasicPublishAsync("Municipal.Contracts:RegistrationConfirmed", "", mandatory: false,
            new BasicProperties(original!.BasicProperties), original.Body);
        var renamed = JsonNode.Parse(Encoding.UTF8.GetString(original.Body.Span))!;
        renamed["messageId"] = Guid.NewGuid().ToString();
        await tap.BasicPublishAsync("Municipal.Contracts:RegistrationConfirmed", "", mandatory: false,
            new BasicProperties(original.BasicProperties) { MessageId = renamed["messageId"]!.GetValue<string>() },
            Encoding.UTF8.GetBytes(renamed.ToJsonString()));

        var adminToken = TestTokens.For("e2e-notify-admin", ["admin"]);
        await Eventually.TrueAsync(async () =>
        {
            var deliveries = await SendAsync(adminToken, HttpMethod.Get, $"/api/notifications/deliveries?personId={personId}&kind=registration-confirmed");
            return deliveries.GetProperty("total").GetInt32() == 2
                && deliveries.GetProperty("items").EnumerateArray().All(d => d.GetProperty("status").GetString() == "sent");
        }, Patience, "exactly the two deliveries (in-app and e-mail), sent");

        await SendAsync(staff, HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/cancel", new { reason = "ห้องประชุมปิดปรับปรุง" });
        var mails = await MailsWithIcsAsync(email, 2);
        var cancel = mails.Single(m => m.Contains("METHOD:CANCEL", StringComparison.Ordinal));
        Assert.Contains($"UID:session-{sessionId:N}@scheduling.municipal", cancel);
        Assert.True(Sequence(cancel) > requestSequence, $"SEQUENCE {Sequence(cancel)} should be above {requestSequence}");

        // Still one confirmation, in the inbox and in the sink.
        var finalInbox = await SendAsync(me, HttpMethod.Get, "/api/notifications/inbox");
        Assert.Single(finalInbox.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "registration-confirmed");
        Assert.Single(mails, m => m.Contains("METHOD:REQUEST", StringComparison.Ordinal));
    }

    private async Task<IConnection> BrokerAsync()
    {
        var connectionString = await system.App.GetConnectionStringAsync("messaging");
        return await new ConnectionFactory { Uri = new Uri(connectionString!) }.CreateConnectionAsync();
    }

    /// <summary>The .ics attachments of the mails to an address in smtp4dev, once there are <paramref name="count"/> of them.</summary>
    private async Task<IReadOnlyList<string>> MailsWithIcsAsync(string address, int count)
    {
        using var sink = new HttpClient { BaseAddress = system.App.GetEndpoint("smtp4dev", "http") };
        return (await Eventually.GetAsync(async () =>
        {
            var list = await sink.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500");
            var ics = new List<string>();
            foreach (var message in list.GetProperty("results").EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), address, StringComparison.OrdinalIgnoreCase))))
            {
                var detail = await sink.GetFromJsonAsync<JsonElement>($"/api/messages/{message.GetProperty("id").GetString()}");
                var attachments = Attachments(detail.GetProperty("parts"))
                    .Where(a => a.GetProperty("fileName").GetString()?.EndsWith(".ics", StringComparison.Ordinal) == true)
                    .DistinctBy(a => a.GetProperty("url").GetString());
                foreach (var attachment in attachments)
                {
                    ics.Add(await sink.GetStringAsync("/" + attachment.GetProperty("url").GetString()!.TrimStart('/')));
                }
            }

            return ics.Count >= count ? ics : null;
        }, Patience, $"{count} mail(s) with an .ics to {address}"))!;
    }

    private static IEnumerable<JsonElement> Attachments(JsonElement parts) => parts.EnumerateArray().SelectMany(p =>
        p.GetProperty("attachments").EnumerateArray().Concat(Attachments(p.GetProperty("childParts"))));

    private static int Sequence(string ics) => int.Parse(
        ics.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("SEQUENCE:", StringComparison.Ordinal))["SEQUENCE:".Length..],
        CultureInfo.InvariantCulture);
}
