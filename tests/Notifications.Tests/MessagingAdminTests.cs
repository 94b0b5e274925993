using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging;
using Municipal.Messaging.Outbox;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>The admin routes over what the event backbone parked (shared by every service; Notifications' here).</summary>
public sealed class MessagingAdminTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private const string Admin = "/api/notifications/admin";

    private async Task<(Guid Parked, Guid Behind)> ParkAsync()
    {
        var key = $"test:{Guid.NewGuid():D}";
        // An event Notifications publishes to nobody here: only its publication matters.
        var payload = JsonSerializer.Serialize(new PlanProjectProgressed
        {
            ProjectId = Guid.NewGuid(), Title = "ถนนสายหลัก", Stage = "in-progress", ProgressPercent = 10, CommunityIds = [], RequestIds = [],
            OccurredAt = DateTimeOffset.UtcNow,
        }, MessageTypes.Json);
        var parked = Guid.CreateVersion7();
        var behind = Guid.CreateVersion7();
        await factory.DbAsync(db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = parked, MessageType = typeof(PlanProjectProgressed).FullName!, Payload = payload, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                OrderingKey = key, Attempts = 10, LastError = "InvalidOperationException: the test parked it", ParkedAt = DateTimeOffset.UtcNow,
            });
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = behind, MessageType = typeof(PlanProjectProgressed).FullName!, Payload = payload, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-4), OrderingKey = key,
            });
            return db.SaveChangesAsync();
        });
        return (parked, behind);
    }

    [Fact]
    public async Task An_admin_sees_a_parked_event_with_what_waits_behind_it_and_re_drives_it_once()
    {
        var (parked, behind) = await ParkAsync();
        using var admin = factory.ClientAs("admin-1", "admin");

        var page = await admin.GetFromJsonAsync<JsonElement>($"{Admin}/outbox/parked?pageSize=100");
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == parked);
        Assert.Equal(10, item.GetProperty("attempts").GetInt32());
        Assert.Contains("the test parked it", item.GetProperty("lastError").GetString());
        Assert.Equal(1, item.GetProperty("waitingBehind").GetInt32());
        Assert.False(item.TryGetProperty("payload", out _));
        Assert.Equal(0, await factory.DbAsync(db => db.OutboxMessages.CountAsync(m => m.Id == behind && m.SentAt != null)));

        using var redriven = await admin.PostAsync($"{Admin}/outbox/parked/{parked}/redrive", null);
        Assert.Equal(HttpStatusCode.Accepted, redriven.StatusCode);
        await Eventually.TrueAsync(() => factory.DbAsync(db => db.OutboxMessages.AllAsync(m => (m.Id != parked && m.Id != behind) || m.SentAt != null)),
            what: "the re-driven event and the one behind it published");

        using var again = await admin.PostAsync($"{Admin}/outbox/parked/{parked}/redrive", null);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Without_a_broker_nothing_is_parked_in_the_error_queue()
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"{Admin}/messaging/parked");
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"{Admin}/messaging/parked/{Guid.NewGuid()}/redrive", null), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("outbox/parked?page=0")]
    [InlineData("outbox/parked?pageSize=101")]
    [InlineData("messaging/parked?pageSize=0")]
    public async Task Bad_paging_is_400(string query)
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"{Admin}/{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Re_driving_an_event_that_does_not_exist_is_404()
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"{Admin}/outbox/parked/{Guid.NewGuid()}/redrive", null), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "outbox/parked")]
    [InlineData("POST", "outbox/parked/00000000-0000-0000-0000-000000000001/redrive")]
    [InlineData("GET", "messaging/parked")]
    [InlineData("POST", "messaging/parked/00000000-0000-0000-0000-000000000001/redrive")]
    public async Task Only_admins_may_look_or_re_drive(string method, string path)
    {
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{Admin}/{path}")), HttpStatusCode.Unauthorized);
        using var staff = factory.ClientAs("staff-1", "staff");
        await ProblemAssert.IsProblemAsync(await staff.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{Admin}/{path}")), HttpStatusCode.Forbidden);
    }
}
