using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>Retries with back-off, the failed deliveries admins see and retry, and who may see them.</summary>
public sealed class DeliveryTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private async Task<Delivery> EmailDeliveryAsync(Guid personId) => (await factory.DbAsync(db =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.PersonId == personId && d.Channel == ChannelCodes.Email)))!;

    [Fact]
    public async Task A_mail_server_that_is_busy_twice_gets_the_mail_on_the_third_try()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "retry-a", email: "retry-a@example.th", channel: ChannelCodes.Email));
        factory.Smtp!.RefuseNext(2, "451 4.3.0 Busy");
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));

        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp.To("retry-a@example.th").Count == 1), "the mail after two refusals");
        await Probe.WaitAsync(async () => (await EmailDeliveryAsync(person.PersonId)).Status == DeliveryStatus.Sent, "the delivery to be sent");
        var delivery = await EmailDeliveryAsync(person.PersonId);
        Assert.Equal(3, delivery.Attempts);
    }

    [Fact]
    public async Task After_the_last_try_a_delivery_is_failed_visible_to_admins_with_its_error_and_an_admin_can_retry_it()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "retry-b", email: "retry-b@example.th", channel: ChannelCodes.Email));
        factory.Smtp!.RefuseNext(3, "451 4.7.1 <retry-b@example.th> greylisted");
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
        await Probe.WaitAsync(async () => (await EmailDeliveryAsync(person.PersonId)).Status == DeliveryStatus.Failed, "the delivery to fail");

        using var admin = factory.ClientAs("admin-1", "admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/deliveries?status=failed&channel=email&personId={person.PersonId}");
        var failed = page.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        var error = failed.GetProperty("lastError").GetString()!;
        Assert.Contains("451", error);
        Assert.DoesNotContain("retry-b@example.th", error);

        using var retried = await admin.PostAsync($"/api/notifications/deliveries/{failed.GetProperty("id").GetGuid()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp.To("retry-b@example.th").Count == 1), "the mail after the retry");
        await Probe.WaitAsync(async () => (await EmailDeliveryAsync(person.PersonId)).Status == DeliveryStatus.Sent, "the delivery to be sent");

        using var again = await admin.PostAsync($"/api/notifications/deliveries/{failed.GetProperty("id").GetGuid()}/retry", null);
        var notFailed = await ProblemAssert.IsProblemAsync(again, NotificationsProblems.DeliveryNotFailed);
        Assert.Equal("sent", notFailed.GetProperty("deliveryStatus").GetString());
    }

    [Fact]
    public async Task A_failed_delivery_loses_its_words_after_the_retention_period_and_is_then_not_retried()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "retry-kept", email: "retry-kept@example.th", channel: ChannelCodes.Email));
        factory.Smtp!.RefuseNext(3, "550 5.1.1 no such mailbox");
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
        await Probe.WaitAsync(async () => (await EmailDeliveryAsync(person.PersonId)).Status == DeliveryStatus.Failed, "the delivery to fail");
        var id = (await EmailDeliveryAsync(person.PersonId)).Id;

        // A week later than its last try (the retention job's own run, with its clock a week and a day on).
        await factory.DbAsync(db => new Municipal.Notifications.Infrastructure.NotificationsRetention()
            .ApplyAsync(db, new Municipal.Messaging.Retention.RetentionOptions(), DateTimeOffset.UtcNow.AddDays(8), CancellationToken.None));

        var emptied = await EmailDeliveryAsync(person.PersonId);
        Assert.Equal(("", null, DeliveryStatus.Failed), (emptied.Body, emptied.Html, emptied.Status));
        using var admin = factory.ClientAs("admin-1", "admin");
        using var retried = await admin.PostAsync($"/api/notifications/deliveries/{id}/retry", null);
        await ProblemAssert.IsProblemAsync(retried, NotificationsProblems.DeliveryEmptied);
        Assert.Empty(factory.Smtp.To("retry-kept@example.th"));
    }

    [Fact]
    public async Task Only_admins_see_the_delivery_log_or_retry()
    {
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/notifications/deliveries"), HttpStatusCode.Unauthorized);
        using var staff = factory.ClientAs("staff-1", "staff");
        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/notifications/deliveries"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await staff.PostAsync($"/api/notifications/deliveries/{Guid.NewGuid()}/retry", null), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("channel=fax")]
    [InlineData("pageSize=101")]
    public async Task A_bad_filter_is_400(string query)
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/notifications/deliveries?{query}"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task Bad_paging_names_page_or_page_size(string query, string field)
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        var problem = await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/notifications/deliveries?{query}"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Retrying_a_delivery_that_does_not_exist_is_404()
    {
        using var admin = factory.ClientAs("admin-1", "admin");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/notifications/deliveries/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Line_and_sms_go_to_their_providers_with_the_short_text()
    {
        var lineUser = "U" + Guid.NewGuid().ToString("N");
        var byLine = await factory.KnowAsync(Events.Person(subject: "chan-line", line: lineUser, channel: ChannelCodes.Line));
        var bySms = await factory.KnowAsync(Events.Person(phone: "+66899999999", channel: ChannelCodes.Sms));
        await factory.PublishAsync(Events.Confirmed(byLine.PersonId, Events.Session()) with { Code = "LINE01" });
        await factory.PublishAsync(Events.Confirmed(bySms.PersonId, Events.Session()) with { Code = "SMS001" });

        await Probe.WaitAsync(() => Task.FromResult(factory.Line!.Requests.Any(r => r.Body.Contains(lineUser, StringComparison.Ordinal))), "the LINE push");
        await Probe.WaitAsync(() => Task.FromResult(factory.Sms!.Requests.Any(r => r.Body.Contains("SMS001", StringComparison.Ordinal))), "the SMS");
        Assert.Contains("LINE01", factory.Line!.Requests.Single(r => r.Body.Contains(lineUser, StringComparison.Ordinal)).Body);
        var smsDelivery = (await factory.DeliveriesAsync(bySms.PersonId)).Single();
        Assert.Equal(ChannelCodes.Sms, smsDelivery.Channel); // no sign-in: no inbox, just the SMS
        await Probe.WaitAsync(async () => (await factory.DeliveriesAsync(bySms.PersonId)).Single().Status == DeliveryStatus.Sent, "the SMS delivery to be sent");
    }
}

/// <summary>Channels without configuration: off, said so in health, and their messages in the inbox instead.</summary>
public sealed class ChannelsOffTests(ChannelsOffFactory factory) : IClassFixture<ChannelsOffFactory>
{
    [Fact]
    public async Task A_notice_for_an_unconfigured_channel_falls_back_to_the_inbox()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "off-a", phone: "+66811111111", channel: ChannelCodes.Sms));
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));

        await Probe.WaitAsync(async () => (await factory.DeliveriesAsync(person.PersonId)).Any(d => d.Status == DeliveryStatus.FellBack), "the fallback");
        var deliveries = await factory.DeliveriesAsync(person.PersonId);
        var sms = deliveries.Single(d => d.Channel == ChannelCodes.Sms);
        Assert.Contains("sms is not configured", sms.LastError);
        Assert.Single(deliveries, d => d.Channel == ChannelCodes.InApp);
        await Probe.WaitAsync(async () => (await factory.InboxAsync("off-a")).Count == 1, "the inbox entry");
    }

    [Fact]
    public async Task Someone_with_no_inbox_and_no_configured_channel_is_a_failure_admins_can_see()
    {
        var person = await factory.KnowAsync(Events.Person(email: "off-b@example.th", channel: ChannelCodes.Email));
        await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));

        await Probe.WaitAsync(async () => (await factory.DeliveriesAsync(person.PersonId)).Any(d => d.Status == DeliveryStatus.Failed), "the failure");
        Assert.Contains("no other channel", (await factory.DeliveriesAsync(person.PersonId)).Single().LastError);
    }

    [Fact]
    public async Task Health_says_which_channels_are_off_and_stays_healthy()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        var channels = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "notification-channels");
        var data = channels.GetProperty("data");
        Assert.StartsWith("on", data.GetProperty("in-app").GetString());
        Assert.StartsWith("off", data.GetProperty("email").GetString());
        Assert.StartsWith("off", data.GetProperty("line").GetString());
        Assert.Contains("no reports by chat", data.GetProperty("line").GetString());
        Assert.StartsWith("off", data.GetProperty("sms").GetString());
    }

    [Fact]
    public async Task The_line_webhook_and_link_codes_are_unavailable_without_line()
    {
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/notifications/line/webhook", JsonContent.Create(new { events = Array.Empty<object>() })),
            HttpStatusCode.NotFound);
        using var person = factory.ClientAs("off-c", "resident");
        await ProblemAssert.IsProblemAsync(await person.PostAsync("/api/notifications/preferences/line-link", null), NotificationsProblems.LineUnavailable);
    }
}
