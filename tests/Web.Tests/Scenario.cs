using Microsoft.Playwright;
using Municipal.Testing;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Web.Tests;

/// <summary>
/// What the browser tests need in the registry and the schedule, set up through the gateway's API as staff: a
/// community that Requests knows, a community leader with an account, and a session starting in a few hours
/// (open for registration, and for check-in, which opens six hours before the start).
/// </summary>
public sealed class Scenario
{
    public static readonly string StaffToken = TestTokens.For("web-tests-setup", ["staff"]);

    private Scenario(Guid communityId, string communityName, Guid leaderId, string leaderSubject, string leaderName, Guid sessionId, string sessionTitle,
        Guid programmeId, string programmeTitle, string? leaderPhone)
    {
        ProgrammeId = programmeId;
        ProgrammeTitle = programmeTitle;
        LeaderPhone = leaderPhone;
        CommunityId = communityId;
        CommunityName = communityName;
        LeaderId = leaderId;
        LeaderSubject = leaderSubject;
        LeaderName = leaderName;
        SessionId = sessionId;
        SessionTitle = sessionTitle;
    }

    public Guid CommunityId { get; }
    public string CommunityName { get; }
    public Guid LeaderId { get; }
    public string LeaderSubject { get; }
    public string LeaderName { get; }
    public Guid SessionId { get; }
    public string SessionTitle { get; }
    public Guid ProgrammeId { get; }
    public string ProgrammeTitle { get; }

    /// <summary>The leader's mobile number as the registry holds it (a scenario whose leader has not linked an account yet).</summary>
    public string? LeaderPhone { get; }

    /// <summary>The token the development sign-in gives the leader (same subject, role and community).</summary>
    public string LeaderToken => TestTokens.For(LeaderSubject, ["community-leader"], CommunityId);

    /// <summary>A request the leader files through the API (with a photo), for tests that start where the leader's part ends.</summary>
    public async Task<(Guid Id, string Number)> SubmitRequestAsync(WebSystem system, string title, byte[] photo)
    {
        var created = await system.CallAsync(HttpMethod.Post, "/api/requests", LeaderToken, new
        {
            communityId = CommunityId,
            category = "road",
            title,
            description = "ผิวถนนแตกเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย",
            location = new { latitude = 16.4815, longitude = 99.5501 },
        });
        var id = created.GetProperty("id").GetGuid();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new("image/png");
        form.Add(file, "photo", "road.png");
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/photos") { Content = form };
        upload.Headers.Authorization = new("Bearer", LeaderToken);
        using var answer = await system.Api.SendAsync(upload);
        Assert.True(answer.IsSuccessStatusCode, $"photo upload: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return (id, created.GetProperty("number").GetString()!);
    }

    /// <summary>The leader's registration for the scenario's session, through the API; its check-in code.</summary>
    public async Task<string> RegisterAsync(WebSystem system)
    {
        var registration = await system.CallAsync(HttpMethod.Post, $"/api/scheduling/sessions/{SessionId}/registrations", LeaderToken, new { });
        return registration.GetProperty("code").GetString()!;
    }

    /// <param name="linked">The leader's person carries their account already (as a clerk did it); otherwise only a phone, for the leader to link at first sign-in.</param>
    public static async Task<Scenario> CreateAsync(WebSystem system, int communityIndex, bool linked = true)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var communities = await Eventually.GetAsync(async () =>
        {
            var page = await system.Api.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=100");
            return page.GetProperty("total").GetInt32() >= 27 ? (JsonElement?)page : null;
        }, TimeSpan.FromSeconds(90), "the founding communities");
        var community = communities!.Value.GetProperty("items")[communityIndex];
        var communityId = community.GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(system.Api, communityId);

        var subject = $"web-leader-{run}";
        // A mobile number of its own (a code goes to the one person who holds it).
        var phone = $"09{Random.Shared.Next(10_000_000, 99_999_999)}";
        var person = await system.CallAsync(HttpMethod.Post, "/api/communities/people", StaffToken, new
        {
            title = "นาง",
            firstNameTh = "สมศรี",
            lastNameTh = $"ทดสอบ{run}",
            phone,
            preferredChannel = "in-app",
            language = "th",
            subject = linked ? subject : null,
        });
        var personId = person.GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        await system.CallAsync(HttpMethod.Post, "/api/communities/offices", StaffToken, new
        {
            personId,
            role = "committee-member",
            communityId,
            startDate = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });

        // A session three hours from now, in a room of its own (a room takes one booking at a time).
        var startsAt = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).AddHours(3);
        var fiscalYear = (startsAt.Month >= 10 ? startsAt.Year + 1 : startsAt.Year) + 543;
        var venue = await system.CallAsync(HttpMethod.Post, "/api/scheduling/venues", StaffToken, new { name = $"ห้องประชุมทดสอบ {run}", capacity = 20 });
        var programme = await system.CallAsync(HttpMethod.Post, "/api/scheduling/programmes", StaffToken, new
        {
            fiscalYear,
            title = $"โครงการทดสอบหน้าเว็บ {run}",
            targetRoles = new[] { "committee-member" },
        });
        var title = $"ประชุมผู้นำชุมชน (ทดสอบ {run})";
        var session = await system.CallAsync(HttpMethod.Post, "/api/scheduling/sessions", StaffToken, new
        {
            programmeId = programme.GetProperty("id").GetGuid(),
            title,
            startsAt = startsAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            endsAt = startsAt.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            venueId = venue.GetProperty("id").GetGuid(),
            capacity = 20,
        });

        // Scheduling knows the leader once the registry's event has arrived: until then their registrations are 422.
        var leaderToken = TestTokens.For(subject, ["community-leader"], communityId);
        if (linked)
        {
            await Eventually.TrueAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scheduling/registrations");
                request.Headers.Authorization = new("Bearer", leaderToken);
                using var response = await system.Api.SendAsync(request);
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(90), "Scheduling to know the leader");
            // Requests too honours a leader's token only once its copy of the registry holds them in the community's office.
            await RequestsReadiness.VouchesForLeaderAsync(system.Api, leaderToken, communityId);
        }

        return new Scenario(communityId, community.GetProperty("nameTh").GetString()!, personId, subject, $"นางสมศรี ทดสอบ{run}",
            session.GetProperty("id").GetGuid(), title, programme.GetProperty("id").GetGuid(), programme.GetProperty("title").GetString()!,
            linked ? null : phone);
    }
}
