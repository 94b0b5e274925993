using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>
/// What the desk, the leaders and the reports read from Scheduling (issue "What people see is right"): whom check-in
/// just checked in, and from which community; when check-in closes; which programme a session belongs to; what
/// "held" counts; and reads that refuse a year or a date in the other calendar instead of finding nothing.
/// </summary>
public sealed class WhatPeopleSeeTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task Check_in_names_whom_it_checked_in_and_the_registrations_name_their_community()
    {
        var community = await factory.AddCommunityAsync("N01", "ชุมชนชื่อ");
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(1));
        await factory.AddPersonAsync("named-1", community);
        using var leader = factory.ClientAs("named-1", "community-leader");
        var registration = await (await leader.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null)).Content.ReadFromJsonAsync<JsonElement>();

        using var staff = factory.Staff();
        using var checkedIn = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/check-ins", new { code = registration.Str("code") });
        var body = await checkedIn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        // The desk reads back the name the registry has (AddPersonAsync: "ผู้นำ" + subject), not a blank.
        Assert.Equal("ผู้นำ named-1", body.GetProperty("registration").Str("name"));
        Assert.Equal(community, body.GetProperty("registration").GetProperty("communityId").GetGuid());

        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}/registrations");
        Assert.Equal(community, list.GetProperty("items")[0].GetProperty("communityId").GetGuid());
    }

    [Fact]
    public async Task Check_in_closes_two_hours_after_the_session_ends()
    {
        // Began 6 hours ago, lasted 3: it ended 3 hours ago, so check-in closed an hour ago.
        var session = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(-6), TimeSpan.FromHours(3));
        var person = await factory.AddPersonAsync("late-walk-in");
        using var staff = factory.Staff();
        using var late = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/check-ins", new { personId = person });
        var problem = await ProblemAssert.IsProblemAsync(late, SchedulingProblems.CheckInClosed);
        var closedAt = problem.GetProperty("closedAt").GetDateTimeOffset();
        Assert.Equal(session.GetProperty("endsAt").GetDateTimeOffset().AddHours(2), closedAt);

        // Within the two hours it is still open.
        var recent = await factory.NewSessionAsync(3, DateTimeOffset.UtcNow.AddHours(-4), TimeSpan.FromHours(3));
        using var inTime = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{recent.Id()}/check-ins", new { personId = person });
        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
    }

    [Fact]
    public async Task A_session_names_its_programme_so_a_list_of_two_programmes_reads_well()
    {
        var starts = DateTimeOffset.UtcNow.AddDays(2);
        var programme = await factory.NewProgrammeAsync(starts);
        var session = await factory.NewSessionAsync(5, starts, programme: programme);
        using var anyone = factory.CreateClient();
        var read = await anyone.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}");
        var title = (await anyone.GetFromJsonAsync<JsonElement>($"/api/scheduling/programmes/{programme}")).Str("title");
        Assert.Equal(title, read.Str("programmeTitle"));
        var listed = await anyone.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions?programmeId={programme}");
        Assert.Equal(title, listed.GetProperty("items")[0].Str("programmeTitle"));
    }

    [Fact]
    public async Task Sessions_held_counts_only_those_that_began_so_a_person_attended_one_of_one_not_one_of_three()
    {
        var now = DateTimeOffset.UtcNow;
        var programme = await factory.NewProgrammeAsync(now);
        var held = await factory.NewSessionAsync(5, now.AddHours(-1), programme: programme);
        await factory.NewSessionAsync(5, now.AddDays(1), programme: programme);
        await factory.NewSessionAsync(5, now.AddDays(2), programme: programme);
        var person = await factory.AddPersonAsync("held-1");
        using var staff = factory.Staff();
        using var walkIn = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{held.Id()}/check-ins", new { personId = person });
        Assert.Equal(HttpStatusCode.OK, walkIn.StatusCode);

        var report = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/reports/attendance?programmeId={programme}");
        // Hand-counted: one of the three sessions has begun; the person came to it.
        Assert.Equal(1, report.Int("sessionsHeld"));
        var row = report.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("personId").GetGuid() == person);
        Assert.Equal(1, row.Int("attended"));
        Assert.Equal(1, row.Int("of"));
    }

    [Fact]
    public async Task Reads_refuse_a_year_or_a_date_in_the_other_calendar_saying_which_was_expected()
    {
        using var anyone = factory.CreateClient();
        using var commonEraYear = await anyone.GetAsync("/api/scheduling/programmes?fiscalYear=2026");
        var year = await ProblemAssert.IsFieldErrorAsync(commonEraYear, "fiscalYear", FieldErrorCodes.WrongCalendar);
        Assert.Equal(FieldCalendars.BuddhistEra, year.Str("expected"));
        Assert.Equal(2569, year.Int("suggested"));

        using var buddhistDate = await anyone.GetAsync("/api/scheduling/sessions?from=2567-06-01");
        var date = await ProblemAssert.IsFieldErrorAsync(buddhistDate, "from", FieldErrorCodes.WrongCalendar);
        Assert.Equal(FieldCalendars.CommonEra, date.Str("expected"));
        Assert.Equal(2024, date.Int("suggested"));

        using var right = await anyone.GetAsync("/api/scheduling/programmes?fiscalYear=2569");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Every_validation_problem_carries_a_code_per_field_error()
    {
        using var staff = factory.Staff();
        using var refused = await staff.PostAsJsonAsync("/api/scheduling/venues", new { name = "", capacity = 0 });
        await ProblemAssert.IsFieldErrorAsync(refused, "name", FieldErrorCodes.Required);
        using var again = await staff.PostAsJsonAsync("/api/scheduling/venues", new { name = "ห้อง", capacity = 0 });
        var range = await ProblemAssert.IsFieldErrorAsync(again, "capacity", FieldErrorCodes.OutOfRange);
        Assert.Equal(1, range.Int("min"));
    }

    [Fact]
    public async Task The_document_marks_optional_body_fields_optional()
    {
        using var client = factory.CreateClient();
        const string Document = "/api/scheduling/openapi/v1.json";
        await OpenApiAssert.BodyFieldsAreOptionalAsync(client, Document, "POST", "/api/scheduling/sessions/{id}/close", "attendeeCount", "minutes");
        await OpenApiAssert.BodyFieldsAreOptionalAsync(client, Document, "POST", "/api/scheduling/sessions/{id}/cancel", "reason");
        await OpenApiAssert.BodyFieldsAreOptionalAsync(client, Document, "POST", "/api/scheduling/sessions/{id}/check-ins", "code", "personId");
    }
}
