using Municipal.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// The founding case through the gateway of the running system: people and their offices are created in
/// Communities, reach Scheduling through RabbitMQ, and race for the seats of a session.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SchedulingFlowTests(SystemFixture system)
{
    private const int Leaders = 150;
    private static readonly string StaffToken = TestTokens.For("e2e-scheduling-staff", ["staff"]);

    private HttpClient Gateway => system.Gateway;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Gateway.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<List<Guid>> FoundingCommunitiesAsync()
    {
        var page = await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=100");
            return body.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)body : null;
        }, TimeSpan.FromSeconds(60), "the founding communities");
        return page!.Value.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Take(27).ToList();
    }

    /// <summary>The programme made from the template for that year: created now, or (409) the one that exists.</summary>
    private async Task<JsonElement> ProgrammeFromTemplateAsync(int fiscalYear)
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/scheduling/programmes/from-template?lang=th", StaffToken, new { fiscalYear });
        if (created.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = (await ReadAsync(created, HttpStatusCode.Conflict)).GetProperty("programmeId").GetGuid();
            using var read = await SendAsync(HttpMethod.Get, $"/api/scheduling/programmes/{existing}?lang=th", StaffToken);
            return (await ReadAsync(read, HttpStatusCode.OK)).Clone();
        }

        return (await ReadAsync(created, HttpStatusCode.Created)).Clone();
    }

    /// <summary>Everyone invited to the session so far, page by page.</summary>
    private async Task<HashSet<Guid>> InvitedAsync(Guid sessionId)
    {
        var invited = new HashSet<Guid>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/scheduling/sessions/{sessionId}/invitations?page={page}&pageSize=100", StaffToken);
            var body = await ReadAsync(response, HttpStatusCode.OK);
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("personId").GetGuid()).ToList();
            invited.UnionWith(items);
            if (items.Count < 100)
            {
                return invited;
            }
        }
    }

    [Fact]
    public async Task The_founding_programme_is_created_150_leaders_race_for_100_seats_a_cancellation_promotes_the_first_waitlisted_and_the_ics_shows_bangkok_time()
    {
        // The founding programme, FY 2563, from its template, shown in B.E. when asked for Thai.
        {
            var programme = await ProgrammeFromTemplateAsync(2563);
            Assert.Equal("ปีงบประมาณ 2563", programme.GetProperty("fiscalYearLabel").GetString());
            var sessions = programme.GetProperty("sessions").EnumerateArray().ToList();
            Assert.Equal(6, sessions.Count);
            Assert.Equal("2019-11-19T09:00:00+07:00", sessions[0].GetProperty("startsAt").GetString());
            Assert.StartsWith("วันอังคารที่ 19 พฤศจิกายน 2562", sessions[0].GetProperty("when").GetString());
            Assert.All(sessions, s => Assert.Equal("ห้องประชุมชากังราว 1", s.GetProperty("venue").GetProperty("name").GetString()));
        }

        // FY 2563 is history: the same template for the next fiscal year that has not begun takes the registrations.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var nextFiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        var session = (await ProgrammeFromTemplateAsync(nextFiscalYear)).GetProperty("sessions")[0].Clone();

        var sessionId = session.GetProperty("id").GetGuid();
        Assert.Equal(100, session.GetProperty("capacity").GetInt32());

        // 150 leaders in the registry, each with an account and a committee office in one of the 27 communities.
        var communities = await FoundingCommunitiesAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var leaders = new List<(Guid Id, string Subject)>();
        using (var throttle = new SemaphoreSlim(8))
        {
            var creations = Enumerable.Range(0, Leaders).Select(async i =>
            {
                await throttle.WaitAsync();
                try
                {
                    var subject = $"e2e-leader-{run}-{i:000}";
                    using var created = await SendAsync(HttpMethod.Post, "/api/communities/people", StaffToken, new
                    {
                        title = "นาย",
                        firstNameTh = "ผู้นำ",
                        lastNameTh = $"ชุมชนที่ {i % 27 + 1} คนที่ {i + 1}",
                        preferredChannel = "in-app",
                        language = "th",
                        subject,
                    });
                    var person = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
                    using var office = await SendAsync(HttpMethod.Post, "/api/communities/offices", StaffToken, new
                    {
                        personId = person,
                        role = "committee-member",
                        communityId = communities[i % communities.Count],
                        startDate = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    });
                    await ReadAsync(office, HttpStatusCode.Created);
                    lock (leaders)
                    {
                        leaders.Add((person, subject));
                    }
                }
                finally
                {
                    throttle.Release();
                }
            });
            await Task.WhenAll(creations);
        }

        // Wait until Scheduling has seen them all: inviting the target groups reaches every current holder it
        // knows (person and office), so once all 150 are invited, all 150 can register.
        var ours = leaders.Select(l => l.Id).ToHashSet();
        await Eventually.TrueAsync(async () =>
        {
            using var round = await SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/invitations", StaffToken);
            await ReadAsync(round, HttpStatusCode.OK);
            return ours.IsSubsetOf(await InvitedAsync(sessionId));
        }, TimeSpan.FromSeconds(120), "Scheduling to know all 150 leaders and their offices");

        // The race: 150 leaders register for 100 seats at the same moment.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = leaders.Select(leader => Task.Run(async () =>
        {
            var token = TestTokens.For(leader.Subject, ["community-leader"]);
            await go.Task;
            using var response = await SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/registrations", token);
            return (leader.Subject, Token: token, Body: await ReadAsync(response, HttpStatusCode.Created));
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(racers);

        var confirmed = results.Where(r => r.Body.GetProperty("status").GetString() == "confirmed").ToList();
        var waitlisted = results.Where(r => r.Body.GetProperty("status").GetString() == "waitlisted")
            .OrderBy(r => r.Body.GetProperty("position").GetInt32()).ToList();
        Assert.Equal(100, confirmed.Count);
        Assert.Equal(Enumerable.Range(1, 50), waitlisted.Select(r => r.Body.GetProperty("position").GetInt32()));

        // One gives up the seat; the first on the waitlist has it at once.
        var leaving = confirmed[0];
        using (var cancelled = await SendAsync(HttpMethod.Post, $"/api/scheduling/registrations/{leaving.Body.GetProperty("id").GetGuid()}/cancel", leaving.Token))
        {
            Assert.Equal("cancelled", (await ReadAsync(cancelled, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        var first = waitlisted[0];
        using (var promoted = await SendAsync(HttpMethod.Get, $"/api/scheduling/registrations/{first.Body.GetProperty("id").GetGuid()}", first.Token))
        {
            Assert.Equal("confirmed", (await ReadAsync(promoted, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        var afterwards = await Gateway.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{sessionId}");
        Assert.Equal(100, afterwards.GetProperty("confirmed").GetInt32());

        // The session's .ics imports at 09:00 Bangkok time on the session's day.
        using var ics = await Gateway.GetAsync($"/api/scheduling/sessions/{sessionId}/calendar.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var entry = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!.Events.Single();
        var bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
        var wallClock = TimeZoneInfo.ConvertTimeFromUtc(entry.DtStart!.AsUtc, bangkok);
        var expected = session.GetProperty("startsAt").GetDateTimeOffset();
        Assert.Equal(expected.DateTime, wallClock);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(wallClock));
        Assert.Equal(session.GetProperty("title").GetString(), entry.Summary);
    }
}
