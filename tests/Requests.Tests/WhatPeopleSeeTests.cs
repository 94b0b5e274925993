using Municipal.Contracts;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>
/// What staff and leaders read from Requests (issue "What people see is right"): the moves a caller may make, a request
/// in the plan that follows its project, who filed a web request, Bangkok times and Thai phone numbers, and reads that
/// refuse the other calendar.
/// </summary>
public sealed class WhatPeopleSeeTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private static object Project(Guid request) => new
    {
        title = "ขยายท่อระบายน้ำซอย 5",
        strategy = "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
        fiscalYears = new[] { 2570 },
        estimatedBudget = 500_000m,
        requestIds = new[] { request },
    };

    [Fact]
    public async Task A_request_in_the_plan_follows_its_project_staff_cannot_resolve_it_at_0_percent_and_it_shows_no_old_due_date()
    {
        using var admin = factory.ClientAs("admin-follows", "admin");
        using var period = await admin.PostAsJsonAsync("/api/requests/plan/periods", new { firstYear = 2566 });
        Assert.True(period.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        var community = await factory.KnownCommunityAsync();
        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-follows");
        var id = (await RequestsFactory.SubmitAsync(leader, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        using var staff = factory.ClientAs("staff-follows", "staff");
        foreach (var to in new[] { "triaged", "needs-budget" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to })).StatusCode);
        }

        var project = await (await staff.PostAsJsonAsync("/api/requests/plan/projects", Project(id))).Content.ReadFromJsonAsync<JsonElement>();
        using var resolved = await RequestsFactory.TransitionAsync(staff, id, new { to = "resolved", note = "เสร็จแล้ว" });
        var refused = await ProblemAssert.IsProblemAsync(resolved, RequestsProblems.InvalidTransition);
        Assert.Equal(project.GetProperty("id").GetGuid(), refused.GetProperty("planProjectId").GetGuid());
        Assert.Equal(["rejected"], refused.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));

        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("proposed-for-plan", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("resolutionDueAt").ValueKind);
        Assert.Equal(["rejected"], view.GetProperty("allowedTransitions").EnumerateArray().Select(a => a.GetString()));
        Assert.False(view.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_request_says_which_moves_its_reader_may_make_now()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-moves", "resident");
        var id = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        using var staff = factory.ClientAs("staff-moves", "staff");

        Assert.Equal(["triaged", "rejected", "duplicate"], Moves(await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")));
        Assert.Empty(Moves(await resident.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")));
        foreach (var to in new[] { "triaged", "resolved" })
        {
            Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to })).StatusCode);
        }

        Assert.Equal(["closed", "in-progress"], Moves(await resident.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")));
    }

    private static IEnumerable<string?> Moves(JsonElement request) =>
        request.GetProperty("allowedTransitions").EnumerateArray().Select(a => a.GetString());

    [Fact]
    public async Task Staff_see_who_filed_a_web_request_with_the_phone_to_call_back_as_Thai_people_write_it()
    {
        var community = await factory.KnownCommunityAsync();
        var person = Guid.NewGuid();
        await factory.Harness.Bus.Publish(new PersonRegistered
        {
            PersonId = person,
            Subject = "web-filer",
            Title = "นาง",
            FirstNameTh = "สมศรี",
            LastNameTh = "แจ้งเรื่อง",
            Contact = new ContactDetails { PhoneE164 = "+66812345678", PreferredChannel = "sms", Language = "th" },
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().People.AnyAsync(p => p.Id == person)),
            what: "the person's copy");

        using var filer = factory.ClientAs("web-filer", "resident");
        var id = (await RequestsFactory.SubmitAsync(filer, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        using var staff = factory.ClientAs("staff-caller", "staff");
        var submitter = (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("submitter");
        Assert.Equal("นางสมศรี แจ้งเรื่อง", submitter.GetProperty("name").GetString());
        Assert.Equal("081-234-5678", submitter.GetProperty("phone").GetString());
        Assert.Equal("+66812345678", submitter.GetProperty("phoneE164").GetString());
    }

    [Fact]
    public async Task Times_are_written_in_Bangkok_time_as_the_other_services_write_them()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-times", "resident");
        var created = await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community));
        Assert.EndsWith("+07:00", created.GetProperty("submittedAt").GetString());
        Assert.EndsWith("+07:00", created.GetProperty("firstResponseDueAt").GetString());
    }

    [Fact]
    public async Task Reads_refuse_a_fiscal_year_in_the_Common_Era_saying_a_Buddhist_Era_year_was_expected()
    {
        using var staff = factory.ClientAs("staff-calendar", "staff");
        foreach (var path in new[]
        {
            "/api/requests/stats?fiscalYear=2026", "/api/requests/plan/report?fiscalYear=2026", "/api/requests?fiscalYear=2026",
            "/api/requests/public/stats?fiscalYear=2026",
        })
        {
            using var response = await staff.GetAsync(path);
            var error = await ProblemAssert.IsFieldErrorAsync(response, "fiscalYear", FieldErrorCodes.WrongCalendar);
            Assert.Equal(FieldCalendars.BuddhistEra, error.GetProperty("expected").GetString());
            Assert.Equal(2569, error.GetProperty("suggested").GetInt32());
        }
    }

    [Fact]
    public async Task The_document_marks_optional_body_fields_optional()
    {
        using var client = factory.CreateClient();
        const string Document = "/api/requests/openapi/v1.json";
        await OpenApiAssert.BodyFieldsAreOptionalAsync(client, Document, "POST", "/api/requests/plan/periods", "title");
        await OpenApiAssert.BodyFieldsAreOptionalAsync(client, Document, "POST", "/api/requests/plan/projects/{id}/progress", "stage", "percent", "note");
    }
}
