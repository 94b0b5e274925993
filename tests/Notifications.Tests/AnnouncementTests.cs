using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using Municipal.ThaiCalendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>Announcements from staff: whom they reach, on which channels, and what the sender sees.</summary>
public sealed class AnnouncementTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private async Task<PersonRegistered> HolderAsync(string subject, string role, Guid? community, Guid? division = null, string channel = "in-app", string? line = null)
    {
        var person = await factory.KnowAsync(Events.Person(subject: subject, channel: channel, line: line));
        await factory.PublishAsync(new OfficeAssigned
        {
            OfficeId = Guid.NewGuid(), PersonId = person.PersonId, Role = role, CommunityId = community, DivisionId = division,
            StartDate = new DateOnly(2020, 1, 1), OccurredAt = DateTimeOffset.UtcNow,
        });
        return person;
    }

    private static IEnumerable<JsonElement> Channels(JsonElement view) => view.GetProperty("channels").EnumerateArray();

    [Fact]
    public async Task An_announcement_to_one_community_reaches_its_office_holders_on_their_channels_and_the_sender_sees_how_many_on_which()
    {
        var community = Guid.NewGuid();
        var president = await HolderAsync("ann-president", "president", community, channel: "line", line: "U-ann-president");
        var secretary = await HolderAsync("ann-secretary", "secretary", community);
        var elsewhere = await HolderAsync("ann-elsewhere", "president", Guid.NewGuid());
        using var staff = factory.ClientAs("staff-announcer", "staff");

        using var sent = await staff.PostAsJsonAsync("/api/notifications/announcements",
            new { audience = "community", communityId = community, title = "ประชุมประจำเดือน", message = "เชิญประชุมวันศุกร์นี้ เวลา 13:30 น. ห้องประชุมชากังราว 1" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var view = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, view.GetProperty("recipients").GetInt32());
        var id = view.GetProperty("id").GetGuid();

        var deliveries = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.EventKey == $"announcement:{id}").ToListAsync());
        Assert.Equal(["in-app", "in-app", "line"], deliveries.Select(d => d.Channel).Order());
        Assert.DoesNotContain(deliveries, d => d.PersonId == elsewhere.PersonId);
        Assert.Contains(deliveries, d => d.PersonId == president.PersonId && d.Channel == "line");
        Assert.Contains(deliveries, d => d.PersonId == secretary.PersonId);

        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        var report = await Eventually.GetAsync(async () =>
        {
            await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
            var r = await staff.GetFromJsonAsync<JsonElement>($"/api/notifications/announcements/{id}");
            return r.GetProperty("reached").GetInt32() == 2 && Channels(r).All(c => c.GetProperty("waiting").GetInt32() == 0) ? (JsonElement?)r : null;
        }, what: "every delivery sent");
        var byChannel = Channels(report!.Value).ToDictionary(c => c.GetProperty("channel").GetString()!, c => c.GetProperty("sent").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["in-app"] = 2, ["line"] = 1 }, byChannel);
        Assert.DoesNotContain("ann-president", report.Value.GetRawText());
        Assert.Contains(await factory.InboxAsync("ann-secretary"), i => i.Title.Contains("ประชุมประจำเดือน"));
    }

    [Fact]
    public async Task All_leaders_means_every_communitys_office_holders_and_a_session_means_its_registrants()
    {
        var leaderA = await HolderAsync("all-a", "committee-member", Guid.NewGuid());
        var leaderB = await HolderAsync("all-b", "president", Guid.NewGuid());
        var head = await HolderAsync("all-head", "division-head", null, Guid.NewGuid());
        var registrant = await factory.KnowAsync(Events.Person(subject: "ann-registrant"));
        var session = Events.Session();
        await factory.PublishAsync(Events.Confirmed(registrant.PersonId, session));

        await using var scope = factory.Services.CreateAsyncScope();
        var announcements = scope.ServiceProvider.GetRequiredService<Announcements>();
        var staff = new Caller("staff-all", new HashSet<string> { "staff" }, null, null);
        var all = await announcements.SendAsync(new AnnouncementDraft("all-leaders", null, null, "ประกาศ", "ถึงผู้นำชุมชนทุกท่าน"), staff, CancellationToken.None);
        var people = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => d.EventKey == $"announcement:{all.Value!.Announcement.Id}").Select(d => d.PersonId).ToListAsync());
        Assert.Contains(leaderA.PersonId, people);
        Assert.Contains(leaderB.PersonId, people);
        Assert.DoesNotContain(head.PersonId, people);

        var registrants = await announcements.SendAsync(new AnnouncementDraft("session", null, session.SessionId, "เลื่อนเวลา", "เริ่ม 10:00 น."), staff, CancellationToken.None);
        Assert.Equal(1, registrants.Value!.Announcement.Recipients);
    }

    [Fact]
    public async Task Nobody_to_tell_bad_input_and_callers_other_than_staff_are_refused_and_a_retried_send_goes_out_once()
    {
        using var staff = factory.ClientAs("staff-refused", "staff");
        var nobody = await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/notifications/announcements",
            new { audience = "community", communityId = Guid.NewGuid(), title = "ทดสอบ", message = "ทดสอบ" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:municipal:problem:no-recipients", nobody.GetProperty("type").GetString());
        var invalid = await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/notifications/announcements",
            new { audience = "everyone", title = "", message = new string('ก', 1001) }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "audience", "title", "message" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        using var leader = factory.ClientAs("leader-refused", "community-leader");
        await ProblemAssert.IsProblemAsync(await leader.PostAsJsonAsync("/api/notifications/announcements", new { audience = "all-leaders", title = "x", message = "x" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await leader.GetAsync("/api/notifications/announcements"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/notifications/announcements/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        var community = Guid.NewGuid();
        var holder = await HolderAsync("ann-once", "president", community);
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/announcements")
            {
                Content = JsonContent.Create(new { audience = "community", communityId = community, title = "ครั้งเดียว", message = "ส่งครั้งเดียว" }),
            };
            request.Headers.Add("Idempotency-Key", "announce-once-1");
            return await staff.SendAsync(request);
        }

        using var first = await SendAsync();
        using var again = await SendAsync();
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await factory.DbAsync(db => db.Deliveries.CountAsync(d => d.PersonId == holder.PersonId && d.Kind == "announcement")));
        var listed = await staff.GetFromJsonAsync<JsonElement>("/api/notifications/announcements");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), a => a.GetProperty("title").GetString() == "ครั้งเดียว");
    }
}

/// <summary>An announcement sent at night: the inbox gets it at once, LINE waits for the end of quiet hours, and the sender sees it waiting.</summary>
public sealed class AnnouncementQuietHoursTests(QuietHoursFactory factory) : IClassFixture<QuietHoursFactory>
{
    [Fact]
    public async Task Line_waits_for_the_morning_and_the_sender_sees_it_waiting_on_that_channel()
    {
        var now = factory.Time!.GetUtcNow();
        var bangkok = BangkokTime.ToLocal(now);
        Assert.True(bangkok.Hour >= 21 || bangkok.Hour < 7, "the factory's clock starts in quiet hours");
        var community = Guid.NewGuid();
        var person = await factory.KnowAsync(Events.Person(subject: "night-line", channel: "line", line: "U-night-line", at: now));
        await factory.PublishAsync(new OfficeAssigned
        {
            OfficeId = Guid.NewGuid(), PersonId = person.PersonId, Role = "president", CommunityId = community,
            StartDate = new DateOnly(2020, 1, 1), OccurredAt = now,
        });

        await using var scope = factory.Services.CreateAsyncScope();
        var announcements = scope.ServiceProvider.GetRequiredService<Announcements>();
        var sent = await announcements.SendAsync(new AnnouncementDraft("community", community, null, "ประกาศยามค่ำ", "พรุ่งนี้ประปาหยุดจ่ายน้ำ"),
            new Caller("staff-night", new HashSet<string> { "staff" }, null, null), CancellationToken.None);
        var report = await Eventually.GetAsync(async () =>
        {
            await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
            var r = await announcements.GetAsync(sent.Value!.Announcement.Id, CancellationToken.None);
            return r.Value!.Channels.Single(c => c.Channel == "line").Deferred == 1 && r.Value.Channels.Single(c => c.Channel == "in-app").Sent == 1 ? r.Value : null;
        }, what: "LINE held, the inbox told");
        var line = report!.Channels.Single(c => c.Channel == "line");
        Assert.Equal((0, 1, 1), (line.Sent, line.Waiting, line.Deferred));
        Assert.Equal(1, report.Channels.Single(c => c.Channel == "in-app").Sent);
    }
}
