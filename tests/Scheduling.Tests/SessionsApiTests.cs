using Ical.Net;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

public sealed class SessionsApiTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    private static DateTimeOffset Future(int days) =>
        BangkokTime.FromLocal(BangkokTime.DateOf(DateTimeOffset.UtcNow).AddDays(days), new TimeOnly(9, 0));

    [Fact]
    public async Task The_founding_programme_is_created_from_the_template_with_six_sessions_in_chakangrao_1_shown_in_buddhist_era_in_thai()
    {
        using var staff = factory.Staff();
        using var created = await staff.PostAsJsonAsync("/api/scheduling/programmes/from-template?lang=th", new { });
        var programme = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, programme.ToString());
        Assert.Equal(2563, programme.Int("fiscalYear"));
        Assert.Equal("ปีงบประมาณ 2563", programme.Str("fiscalYearLabel"));
        Assert.Contains("ผู้นำชุมชน", programme.Str("title"));

        var sessions = programme.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(6, sessions.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], sessions.Select(s => s.Int("number")));
        Assert.All(sessions, s => Assert.Equal("ห้องประชุมชากังราว 1", s.GetProperty("venue").Str("name")));
        Assert.All(sessions, s => Assert.Equal(100, s.Int("capacity")));
        var first = sessions[0];
        Assert.Equal("2019-11-19T09:00:00+07:00", first.Str("startsAt"));
        Assert.Equal("วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00–16:00 น.", first.Str("when"));
        Assert.Equal(["2019-11", "2020-01", "2020-03", "2020-05", "2020-07", "2020-09"], sessions.Select(s => s.Str("startsAt")[..7]));

        Assert.Equal(6, await factory.InDbAsync(db => db.Sessions.CountAsync(s => s.ProgrammeId == programme.Id())));

        using var english = new HttpRequestMessage(HttpMethod.Get, $"/api/scheduling/programmes/{programme.Id()}");
        english.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        using var read = await factory.CreateClient().SendAsync(english);
        var inEnglish = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Tuesday 19 November 2019", inEnglish.GetProperty("sessions")[0].Str("when"));

        using var again = await staff.PostAsJsonAsync("/api/scheduling/programmes/from-template", new { fiscalYear = 2563 });
        var problem = await ProblemAssert.IsProblemAsync(again, SchedulingProblems.ProgrammeExists);
        Assert.Equal(programme.Id(), problem.GetProperty("programmeId").GetGuid());
    }

    [Fact]
    public async Task A_session_overlapping_another_active_one_in_the_same_venue_is_409_naming_it_and_a_cancelled_one_frees_the_room()
    {
        var first = await factory.NewSessionAsync(10, Future(40));
        using var staff = factory.Staff();
        var clash = new
        {
            programmeId = first.GetProperty("programmeId").GetGuid(),
            title = "ซ้อน",
            startsAt = BangkokTime.ToLocal(Future(40).AddHours(2)).ToString("yyyy-MM-ddTHH:mm"),
            endsAt = BangkokTime.ToLocal(Future(40).AddHours(5)).ToString("yyyy-MM-ddTHH:mm"),
            venueId = first.GetProperty("venue").Id(),
        };

        using var refused = await staff.PostAsJsonAsync("/api/scheduling/sessions", clash);
        var problem = await ProblemAssert.IsProblemAsync(refused, SchedulingProblems.SessionClash);
        Assert.Equal(first.Id(), problem.GetProperty("conflictingSessionId").GetGuid());
        Assert.Contains(first.Id().ToString(), problem.Str("detail"));

        using var cancelled = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{first.Id()}/cancel", new { reason = "ห้องซ่อม" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        using var accepted = await staff.PostAsJsonAsync("/api/scheduling/sessions", clash);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var session = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(BangkokTime.ToLocal(Future(40).AddHours(2)), session.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(session.GetProperty("venue").Int("capacity"), session.Int("capacity"));
    }

    [Fact]
    public async Task More_seats_than_the_venue_holds_is_400_naming_capacity_and_an_unknown_venue_is_422()
    {
        var existing = await factory.NewSessionAsync(10, Future(41));
        using var staff = factory.Staff();
        object Body(Guid venue, int capacity) => new
        {
            programmeId = existing.GetProperty("programmeId").GetGuid(),
            title = "ใหญ่เกิน",
            startsAt = BangkokTime.ToLocal(Future(42)).ToString("O"),
            endsAt = BangkokTime.ToLocal(Future(42).AddHours(2)).ToString("O"),
            venueId = venue,
            capacity,
        };

        using var tooBig = await staff.PostAsJsonAsync("/api/scheduling/sessions", Body(existing.GetProperty("venue").Id(), 11));
        var problem = await ProblemAssert.IsProblemAsync(tooBig, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("capacity", out _));

        using var nowhere = await staff.PostAsJsonAsync("/api/scheduling/sessions", Body(Guid.NewGuid(), 5));
        await ProblemAssert.IsProblemAsync(nowhere, HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("{\"title\": 5")]
    [InlineData("{\"capacity\": \"many\"}")]
    public async Task A_malformed_body_is_400(string json)
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsync("/api/scheduling/sessions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_without_times_is_400_naming_each_field()
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync("/api/scheduling/sessions", new { });
        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "startsAt", "endsAt", "title", "programmeId", "venueId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors name {field}");
        }
    }

    [Fact]
    public async Task Only_staff_manage_sessions_anonymous_is_401_and_a_leader_403_but_everyone_reads_the_schedule()
    {
        var session = await factory.NewSessionAsync(5, Future(43));
        using var anonymous = factory.CreateClient();
        using var unauthorised = await anonymous.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/cancel", new { });
        await ProblemAssert.IsProblemAsync(unauthorised, HttpStatusCode.Unauthorized);

        using var leader = factory.ClientAsLeaderOf(Guid.NewGuid(), "leader-not-staff");
        using var forbidden = await leader.PostAsJsonAsync("/api/scheduling/programmes/from-template", new { fiscalYear = 2570 });
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);

        var schedule = await anonymous.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions?programmeId={session.GetProperty("programmeId").GetGuid()}");
        Assert.Contains(schedule.GetProperty("items").EnumerateArray(), s => s.Id() == session.Id());
        using var missing = await anonymous.GetAsync($"/api/scheduling/sessions/{Guid.NewGuid()}");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("from=19-11-2019")]
    public async Task Bad_list_parameters_are_400(string query)
    {
        using var response = await factory.CreateClient().GetAsync($"/api/scheduling/sessions?{query}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Moving_a_session_publishes_session_rescheduled_to_its_registrants_and_raises_the_ics_sequence_with_a_stable_uid()
    {
        var session = await factory.NewSessionAsync(5, Future(44));
        var person = await factory.AddPersonAsync("mover-1");
        using (var leader = factory.ClientAs("mover-1", "community-leader"))
        {
            using var registered = await leader.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var before = Calendar.Load(await factory.CreateClient().GetStringAsync($"/api/scheduling/sessions/{session.Id()}/calendar.ics"))!.Events.Single();

        using var staff = factory.Staff();
        var newStart = Future(45);
        using var moved = await staff.PutIfMatchAsync($"/api/scheduling/sessions/{session.Id()}", new
        {
            title = "การประชุมทดสอบ",
            startsAt = BangkokTime.ToLocal(newStart).ToString("yyyy-MM-ddTHH:mm"),
            endsAt = BangkokTime.ToLocal(newStart.AddHours(3)).ToString("yyyy-MM-ddTHH:mm"),
        }, $"\"{session.Int("version")}\"");
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(moved.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(1, body.Int("sequence"));

        var rescheduled = await factory.PublishedAsync<SessionRescheduled>(m => m.Session.SessionId == session.Id());
        Assert.Equal(Future(44), rescheduled.PreviousStartsAt);
        Assert.Equal(newStart, rescheduled.Session.StartsAt);
        Assert.Equal([person], rescheduled.RegistrantIds!);

        var after = Calendar.Load(await factory.CreateClient().GetStringAsync($"/api/scheduling/sessions/{session.Id()}/calendar.ics"))!.Events.Single();
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(before.Sequence + 1, after.Sequence);
        Assert.Equal(newStart.UtcDateTime, after.DtStart!.AsUtc);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_the_current_etag_is_accepted()
    {
        var session = await factory.NewSessionAsync(5, Future(46));
        using var staff = factory.Staff();
        using var read = await staff.GetAsync($"/api/scheduling/sessions/{session.Id()}");
        var etag = read.Headers.ETag!.Tag;

        HttpRequestMessage Put(string tag, string title) => new(HttpMethod.Put, $"/api/scheduling/sessions/{session.Id()}")
        {
            Content = JsonContent.Create(new
            {
                title,
                startsAt = session.Str("startsAt"),
                endsAt = session.Str("endsAt"),
            }),
            Headers = { { "If-Match", tag } },
        };

        using var first = await staff.SendAsync(Put(etag, "ชื่อใหม่"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var stale = await staff.SendAsync(Put(etag, "ชื่อที่สอง"));
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        using var blind = await staff.PutAsJsonAsync($"/api/scheduling/sessions/{session.Id()}", new
        {
            title = "ชื่อที่สาม",
            startsAt = session.Str("startsAt"),
            endsAt = session.Str("endsAt"),
        });
        await ProblemAssert.IsProblemAsync(blind, ProblemTypes.IfMatchRequired);
        var current = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}");
        Assert.Equal("ชื่อใหม่", current.Str("title"));
    }

    [Fact]
    public async Task A_command_on_a_session_checks_if_match_when_sent_and_goes_ahead_without_it()
    {
        var session = await factory.NewSessionAsync(5, Future(49));
        using var staff = factory.Staff();
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/scheduling/sessions/{session.Id()}/cancel")
        {
            Content = JsonContent.Create(new { reason = "ห้องไม่ว่าง" }),
            Headers = { { "If-Match", $"\"{session.Int("version") + 1}\"" } },
        };
        using var refused = await staff.SendAsync(stale);
        var problem = await ProblemAssert.IsProblemAsync(refused, ProblemTypes.Stale);
        Assert.Equal($"\"{session.Int("version")}\"", problem.Str("currentETag"));

        using var cancelled = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/cancel", new { reason = "ห้องไม่ว่าง" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        using var twice = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/close", new { });
        var closed = await ProblemAssert.IsProblemAsync(twice, SchedulingProblems.SessionNotScheduled);
        Assert.Equal("cancelled", closed.Str("sessionStatus"));
    }

    [Fact]
    public async Task Lowering_capacity_below_the_confirmed_seats_is_409_and_raising_it_promotes_the_waitlist_at_once()
    {
        var session = await factory.NewSessionAsync(1, Future(47), venueCapacity: 3);
        await factory.AddPeopleAsync(["cap-1", "cap-2"]);
        foreach (var subject in new[] { "cap-1", "cap-2" })
        {
            using var client = factory.ClientAs(subject, "community-leader");
            using var _ = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
        }

        using var staff = factory.Staff();
        object Body(int capacity) => new { title = "การประชุมทดสอบ", startsAt = session.Str("startsAt"), endsAt = session.Str("endsAt"), capacity };
        using var lower = await staff.PutIfMatchAsync($"/api/scheduling/sessions/{session.Id()}", Body(0));
        await ProblemAssert.IsProblemAsync(lower, HttpStatusCode.BadRequest);

        using var raise = await staff.PutIfMatchAsync($"/api/scheduling/sessions/{session.Id()}", Body(2));
        Assert.Equal(HttpStatusCode.OK, raise.StatusCode);
        Assert.Equal(2, (await raise.Content.ReadFromJsonAsync<JsonElement>()).Int("confirmed"));
        await factory.PublishedAsync<RegistrationPromoted>(m => m.Session.SessionId == session.Id());

        using var tooLow = await staff.PutIfMatchAsync($"/api/scheduling/sessions/{session.Id()}", Body(1));
        var refused = await ProblemAssert.IsProblemAsync(tooLow, SchedulingProblems.CapacityBelowConfirmed);
        Assert.Equal(2, refused.Int("confirmed"));
    }

    [Fact]
    public async Task A_cancelled_session_is_announced_with_its_registrants_its_ics_says_cancelled_and_it_takes_no_registrations()
    {
        var session = await factory.NewSessionAsync(5, Future(48));
        var person = await factory.AddPersonAsync("cancelled-session-1");
        using var leader = factory.ClientAs("cancelled-session-1", "community-leader");
        using (var _ = await leader.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null))
        {
        }

        using var staff = factory.Staff();
        using var cancelled = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/cancel", new { reason = "น้ำท่วมห้องประชุม" });
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));

        var message = await factory.PublishedAsync<SessionCancelled>(m => m.Session.SessionId == session.Id());
        Assert.Equal("น้ำท่วมห้องประชุม", message.Reason);
        Assert.Equal([person], message.RegistrantIds!);
        Assert.Equal(1, message.Session.Sequence);

        var ics = await factory.CreateClient().GetStringAsync($"/api/scheduling/sessions/{session.Id()}/calendar.ics");
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.Contains("SEQUENCE:1", ics);

        using var late = await leader.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_ics_of_a_session_imports_at_the_right_bangkok_wall_clock_time_with_thai_text_intact()
    {
        var start = Future(49);
        var session = await factory.NewSessionAsync(5, start);
        using var response = await factory.CreateClient().GetAsync($"/api/scheduling/sessions/{session.Id()}/calendar.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);

        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        var entry = calendar.Events.Single();
        var bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
        var wallClock = TimeZoneInfo.ConvertTimeFromUtc(entry.DtStart!.AsUtc, bangkok);
        Assert.Equal(new DateTime(BangkokTime.DateOf(start), new TimeOnly(9, 0)), wallClock);
        Assert.Equal("การประชุมทดสอบ", entry.Summary);
        Assert.Contains("ห้องทดสอบ", entry.Location);
        Assert.Equal($"session-{session.Id():N}@scheduling.municipal", entry.Uid);
        Assert.Equal(0, entry.Sequence);
    }

    [Fact]
    public async Task Closing_a_session_before_it_starts_is_409()
    {
        var session = await factory.NewSessionAsync(5, Future(50));
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/close", new { minutes = "-" });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(SessionStatus.Scheduled, await factory.InDbAsync(db => db.Sessions.Where(s => s.Id == session.Id()).Select(s => s.Status).SingleAsync()));
    }
}
