using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>Check-in at the door, walk-ins, the minutes, closing, and the attendance reports.</summary>
public sealed class AttendanceTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    private async Task<JsonElement> RegisterAsync(string subject, Guid session)
    {
        using var client = factory.ClientAs(subject, "community-leader");
        using var response = await client.PostAsync($"/api/scheduling/sessions/{session}/registrations", null);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> CheckInAsync(Guid session, object body)
    {
        using var staff = factory.Staff();
        var response = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session}/check-ins", body);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Staff_check_a_person_in_by_code_and_checking_in_twice_is_harmless()
    {
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(1));
        var person = await factory.AddPersonAsync("door-1");
        var registration = await RegisterAsync("door-1", session.Id());

        var typed = registration.Str("code").ToLowerInvariant().Insert(4, "-");
        var (first, body) = await CheckInAsync(session.Id(), new { code = typed });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(body.GetProperty("alreadyCheckedIn").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("registration").GetProperty("checkedInAt").ValueKind);

        var (second, again) = await CheckInAsync(session.Id(), new { code = registration.Str("code") });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(again.GetProperty("alreadyCheckedIn").GetBoolean());

        Assert.Equal(
            body.GetProperty("registration").GetProperty("checkedInAt").GetDateTimeOffset(),
            again.GetProperty("registration").GetProperty("checkedInAt").GetDateTimeOffset());
        var stored = await factory.InDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registration.Id()));
        Assert.Equal(person, stored.PersonId);
        Assert.False(stored.WalkIn);
        Assert.NotNull(stored.CheckedInAt);
    }

    [Fact]
    public async Task A_walk_in_is_seated_and_checked_in_while_a_seat_is_free_and_refused_when_none_is()
    {
        var community = await factory.AddCommunityAsync("W01", "ชุมชนเดินเข้า");
        var session = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddHours(2));
        var walkIn = await factory.AddPersonAsync("walk-in-1", community);
        var late = await factory.AddPersonAsync("walk-in-2");

        var (seated, body) = await CheckInAsync(session.Id(), new { personId = walkIn });
        Assert.Equal(HttpStatusCode.OK, seated.StatusCode);
        Assert.True(body.GetProperty("registration").GetProperty("walkIn").GetBoolean());
        Assert.Equal("confirmed", body.GetProperty("registration").Str("status"));
        var recorded = await factory.InDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.SessionId == session.Id() && r.PersonId == walkIn));
        Assert.True(recorded.WalkIn);
        Assert.NotNull(recorded.CheckedInAt);
        Assert.Equal(community, recorded.CommunityId);

        var (full, _) = await CheckInAsync(session.Id(), new { personId = late });
        await ProblemAssert.IsProblemAsync(full, SchedulingProblems.NoFreeSeat);
        Assert.Equal(1, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.ConfirmedCount).SingleAsync()));

        var (stranger, _) = await CheckInAsync(session.Id(), new { personId = Guid.NewGuid() });
        var unknownPerson = await ProblemAssert.IsProblemAsync(stranger, SchedulingProblems.UnknownReference);
        Assert.Equal("personId", unknownPerson.Str("field"));
    }

    [Fact]
    public async Task A_waitlisted_code_an_unknown_code_a_bad_code_and_a_closed_window_are_refused()
    {
        var session = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddHours(1));
        await factory.AddPeopleAsync(["wl-1", "wl-2"]);
        await RegisterAsync("wl-1", session.Id());
        var waiting = await RegisterAsync("wl-2", session.Id());

        var (waitlisted, _) = await CheckInAsync(session.Id(), new { code = waiting.Str("code") });
        var onTheWaitlist = await ProblemAssert.IsProblemAsync(waitlisted, SchedulingProblems.Waitlisted);
        Assert.Equal(1, onTheWaitlist.Int("position"));
        var (unknown, _) = await CheckInAsync(session.Id(), new { code = "ZZZZ2222" });
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.UnprocessableEntity);
        var (bad, _) = await CheckInAsync(session.Id(), new { code = "O0O0" });
        await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        var (neither, _) = await CheckInAsync(session.Id(), new { });
        await ProblemAssert.IsProblemAsync(neither, HttpStatusCode.BadRequest);

        var later = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(3));
        await factory.AddPersonAsync("early-bird");
        var early = await RegisterAsync("early-bird", later.Id());
        var (notOpen, _) = await CheckInAsync(later.Id(), new { code = early.Str("code") });
        var notYet = await ProblemAssert.IsProblemAsync(notOpen, SchedulingProblems.CheckInNotOpen);
        Assert.Equal(JsonValueKind.String, notYet.GetProperty("opensAt").ValueKind);

        using var leader = factory.ClientAs("wl-1", "community-leader");
        using var forbidden = await leader.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/check-ins", new { code = waiting.Str("code") });
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_record_the_problems_raised_which_go_to_requests_and_a_leader_sees_those_of_their_community()
    {
        var community = await factory.AddCommunityAsync("I01", "ชุมชนริมน้ำ");
        var other = await factory.AddCommunityAsync("I02", "ชุมชนตลาด");
        var session = await factory.NewSessionAsync(5, DateTimeOffset.UtcNow.AddHours(-2));
        using var staff = factory.Staff();

        using var raised = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/issues", new
        {
            communityId = community,
            category = "drainage",
            description = "ท่อระบายน้ำหน้าวัดอุดตัน น้ำท่วมขังทุกปี",
            location = new { latitude = 16.4812, longitude = 99.5491 },
        });
        var issue = await raised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(raised.StatusCode == HttpStatusCode.Created, issue.ToString());
        using var _ = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/issues", new { communityId = other, category = "tree", description = "ต้นไม้ล้ม" });

        var message = await factory.PublishedAsync<IssueRaisedAtSession>(m => m.IssueId == issue.Id());
        Assert.Equal(session.Id(), message.SessionId);
        Assert.Equal(community, message.CommunityId);
        Assert.Equal("drainage", message.Category);
        Assert.Equal("ท่อระบายน้ำหน้าวัดอุดตัน น้ำท่วมขังทุกปี", message.Description);
        Assert.Equal(16.4812, message.Latitude);
        Assert.Equal("staff-1", message.RecordedBySubject);

        await factory.AddPersonAsync("issue-leader", community);
        using var leader = factory.ClientAsLeaderOf(community, "issue-leader");
        var theirs = await leader.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}/issues");
        Assert.Equal(1, theirs.Int("total"));

        // The token alone is not enough: a leader whose term ended, or whom the registry does not know, sees none.
        var former = await factory.AddPersonAsync("former-issue-leader");
        await factory.InDbAsync(db =>
        {
            db.Offices.Add(new Municipal.Scheduling.Domain.RegistryOffice
            {
                Id = Guid.NewGuid(), PersonId = former, Role = "president", CommunityId = community,
                StartDate = new DateOnly(2020, 1, 1), EndDate = new DateOnly(2021, 12, 31), UpdatedAt = DateTimeOffset.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        using var formerLeader = factory.ClientAsLeaderOf(community, "former-issue-leader");
        await ProblemAssert.IsProblemAsync(await formerLeader.GetAsync($"/api/scheduling/sessions/{session.Id()}/issues"), HttpStatusCode.Forbidden);
        using var stranger = factory.ClientAsLeaderOf(community, "unknown-issue-leader");
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/scheduling/sessions/{session.Id()}/issues"), HttpStatusCode.Forbidden);
        var all = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}/issues");
        Assert.Equal(2, all.Int("total"));

        using var unknownCommunity = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/issues", new { communityId = Guid.NewGuid(), category = "road", description = "หลุม" });
        await ProblemAssert.IsProblemAsync(unknownCommunity, HttpStatusCode.UnprocessableEntity);
        using var badCategory = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/issues", new { communityId = community, category = "volcano", description = "x" });
        await ProblemAssert.IsProblemAsync(badCategory, HttpStatusCode.BadRequest);

        var future = await factory.NewSessionAsync(5, DateTimeOffset.UtcNow.AddDays(5));
        using var tooEarly = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{future.Id()}/issues", new { communityId = community, category = "road", description = "หลุม" });
        await ProblemAssert.IsProblemAsync(tooEarly, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reports_show_attendance_per_session_per_community_and_per_person_and_export_as_csv()
    {
        // A programme of its own with two sessions about to start.
        var a = await factory.AddCommunityAsync("R01", "ชุมชนหนึ่ง");
        var b = await factory.AddCommunityAsync("R02", "ชุมชนสอง");
        var programme = await factory.NewProgrammeAsync(DateTimeOffset.UtcNow.AddHours(1));
        var first = await factory.NewSessionAsync(5, DateTimeOffset.UtcNow.AddHours(1), programme: programme);
        var second = await factory.NewSessionAsync(5, DateTimeOffset.UtcNow.AddHours(1.5), programme: programme);
        var p1 = await factory.AddPersonAsync("rep-1", a);
        var p2 = await factory.AddPersonAsync("rep-2", a);
        await factory.AddPersonAsync("rep-3", b);

        var r1 = await RegisterAsync("rep-1", first.Id());
        await RegisterAsync("rep-2", first.Id());
        var r1b = await RegisterAsync("rep-1", second.Id());
        await CheckInAsync(first.Id(), new { code = r1.Str("code") });
        await CheckInAsync(second.Id(), new { code = r1b.Str("code") });
        await CheckInAsync(second.Id(), new { personId = p2 });

        using var officials = factory.ClientAs("mayor-1", "executive");
        var report = await officials.GetFromJsonAsync<JsonElement>($"/api/scheduling/reports/attendance?programmeId={programme}");
        var sessions = report.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("sessionId").GetGuid());
        Assert.Equal(1, sessions[first.Id()].Int("attended"));
        Assert.Equal(2, sessions[first.Id()].Int("confirmed"));
        Assert.Equal(2, sessions[second.Id()].Int("attended"));
        Assert.Equal(1, sessions[second.Id()].Int("walkIns"));

        var communities = report.GetProperty("communities").EnumerateArray().ToDictionary(c => c.GetProperty("communityId").GetGuid());
        Assert.True(communities[a].GetProperty("came").GetBoolean());
        Assert.False(communities[b].GetProperty("came").GetBoolean());
        Assert.Equal(3, communities[a].Int("attendances"));

        var people = report.GetProperty("people").EnumerateArray().ToDictionary(p => p.GetProperty("personId").GetGuid());
        Assert.Equal(2, people[p1].Int("attended"));
        Assert.Equal(report.Int("sessionsHeld"), people[p1].Int("of"));
        Assert.Equal(1, people[p2].Int("attended"));

        using var csv = await officials.GetAsync($"/api/scheduling/reports/attendance?programmeId={programme}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("ชุมชนหนึ่ง", lines[1]);

        using var leader = factory.ClientAs("rep-1", "community-leader");
        using var forbidden = await leader.GetAsync($"/api/scheduling/reports/attendance?programmeId={programme}");
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        using var missing = await officials.GetAsync("/api/scheduling/reports/attendance");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest);
        using var unknown = await officials.GetAsync($"/api/scheduling/reports/attendance?programmeId={Guid.NewGuid()}");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Closing_a_session_records_those_checked_in_as_the_head_count_and_the_minutes_in_thai()
    {
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(-1));
        await factory.AddPersonAsync("closer-1");
        var (_, _) = await CheckInAsync(session.Id(), new { personId = (await factory.InDbAsync(db => db.People.SingleAsync(p => p.Subject == "closer-1"))).Id });

        using var staff = factory.Staff();
        using var closed = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/close", new { minutes = "ที่ประชุมรับทราบปัญหาท่อระบายน้ำ 3 จุด" });
        var body = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", body.Str("status"));
        Assert.Equal(1, body.Int("attendeeCount"));
        Assert.Equal("ที่ประชุมรับทราบปัญหาท่อระบายน้ำ 3 จุด", body.Str("minutes"));

        using var again = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/close", new { });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_minutes_are_the_officials_and_the_public_schedule_leaves_them_out()
    {
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(-1));
        const string minutes = "คุณสมศรี (081-234-5678) แจ้งว่าไฟทางหน้าบ้านดับ";
        using (var staff = factory.Staff())
        {
            using var closed = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/close", new { minutes });
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        var programme = (await factory.InDbAsync(db => db.Sessions.SingleAsync(s => s.Id == session.Id()))).ProgrammeId;
        var paths = new[] { $"/api/scheduling/sessions/{session.Id()}", $"/api/scheduling/sessions?programmeId={programme}", $"/api/scheduling/programmes/{programme}" };
        foreach (var (who, client) in new[]
        {
            ("staff", factory.Staff()), ("executive", factory.ClientAs("exec-1", "executive")), ("admin", factory.ClientAs("admin-1", "admin")),
        })
        {
            using (client)
            {
                foreach (var path in paths)
                {
                    Assert.True((await client.GetStringAsync(path)).Contains("081-234-5678"), $"{who} reads the minutes at {path}");
                }
            }
        }

        foreach (var (who, client) in new[]
        {
            ("anonymous", factory.CreateClient()), ("a resident", factory.ClientAs("resident-1", "resident")),
            ("a community leader", factory.ClientAs("rep-1", "community-leader")),
        })
        {
            using (client)
            {
                foreach (var path in paths)
                {
                    var body = await client.GetStringAsync(path);
                    Assert.Contains(session.Id().ToString(), body);
                    Assert.False(body.Contains("081-234-5678") || body.Contains("คุณสมศรี"), $"{who} read the minutes at {path}: {body}");
                }
            }
        }
    }
}
