using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Notifications.Consumers;
using Municipal.Notifications.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

public sealed class RequestSubmittedTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private static RequestSubmitted Submitted(string? submitter) => new()
    {
        RequestId = Guid.NewGuid(),
        Number = "R2570-0000ABCD",
        CommunityId = Guid.NewGuid(),
        Category = "drainage",
        Title = "ท่อระบายน้ำอุดตัน",
        Channel = "web",
        SubmitterSubject = submitter,
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private Task<int> InboxCountAsync(string subject) =>
        factory.WithScopeAsync(s => s.GetRequiredService<NotificationsDbContext>().InboxItems.CountAsync(i => i.RecipientSubject == subject));

    [Fact]
    public async Task The_submitter_finds_we_received_your_request_in_their_inbox_in_thai()
    {
        factory.CreateClient().Dispose(); // start the host
        await factory.Harness.Bus.Publish(Submitted("resident-a"));

        await Eventually.TrueAsync(async () => await InboxCountAsync("resident-a") == 1, what: "the inbox entry");

        using var client = factory.ClientAs("resident-a", "resident");
        var page = await client.GetFromJsonAsync<JsonElement>("/api/notifications/inbox");
        var item = page.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("request-submitted", item.GetProperty("kind").GetString());
        Assert.Contains("ได้รับคำร้อง", item.GetProperty("title").GetString());
        Assert.Contains("R2570-0000ABCD", item.GetProperty("title").GetString());
        Assert.Equal(1, page.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task The_same_event_delivered_twice_notifies_once()
    {
        factory.CreateClient().Dispose();
        var messageId = Guid.NewGuid();
        var message = Submitted("resident-b");
        await factory.Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await factory.Harness.Bus.Publish(message, c => c.MessageId = messageId);

        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.GetConsumerHarness<RequestSubmittedConsumer>().Consumed
            .Select<RequestSubmitted>(m => m.Context.Message.RequestId == message.RequestId).Any()), what: "the event to be consumed");
        await Eventually.TrueAsync(async () => await InboxCountAsync("resident-b") == 1, what: "the inbox entry");
        await factory.Harness.InactivityTask;
        await Task.Delay(500); // room for a second, wrong, entry to appear
        Assert.Equal(1, await InboxCountAsync("resident-b"));
    }

    [Fact]
    public async Task A_request_with_no_signed_in_submitter_puts_nothing_in_any_inbox()
    {
        factory.CreateClient().Dispose();
        var message = Submitted(null);
        await factory.Harness.Bus.Publish(message);

        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.GetConsumerHarness<RequestSubmittedConsumer>().Consumed
            .Select<RequestSubmitted>(m => m.Context.Message.RequestId == message.RequestId).Any()), what: "the event to be consumed");
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<NotificationsDbContext>().InboxItems
            .AnyAsync(i => i.Link == $"/requests/{message.RequestId}")));
    }

    [Fact]
    public async Task Each_person_sees_only_their_own_inbox()
    {
        factory.CreateClient().Dispose();
        await factory.Harness.Bus.Publish(Submitted("resident-c"));
        await Eventually.TrueAsync(async () => await InboxCountAsync("resident-c") == 1, what: "the inbox entry");

        using var other = factory.ClientAs("resident-d", "resident");
        var page = await other.GetFromJsonAsync<JsonElement>("/api/notifications/inbox");
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reading_an_inbox_without_a_token_is_401()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/notifications/inbox");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=1000")]
    [InlineData("page=abc")]
    public async Task Bad_paging_is_400(string query)
    {
        using var client = factory.ClientAs("resident-e", "resident");
        using var response = await client.GetAsync($"/api/notifications/inbox?{query}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
