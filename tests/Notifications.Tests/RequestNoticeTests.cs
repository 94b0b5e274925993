using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Consumers;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>Requests' and the registry's notices: submitters, community presidents, plan projects and terms that end.</summary>
public sealed class RequestNoticeTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private async Task<(PersonRegistered President, Guid Community)> PresidentAsync(string subject, DateOnly? end = null)
    {
        var community = Guid.NewGuid();
        var president = await factory.KnowAsync(Events.Person(subject: subject));
        await factory.PublishAsync(new OfficeAssigned
        {
            OfficeId = Guid.NewGuid(), PersonId = president.PersonId, Role = "president", CommunityId = community,
            StartDate = new DateOnly(2019, 1, 1), EndDate = end, OccurredAt = DateTimeOffset.UtcNow,
        });
        return (president, community);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_notifies_once()
    {
        var message = Events.Submitted("req-a");
        var messageId = Guid.NewGuid();
        await factory.PublishAsync(message, messageId);
        await factory.PublishAsync(message, messageId);
        await factory.PublishAsync(message);
        await Probe.WaitAsync(async () => (await factory.InboxAsync("req-a")).Count == 1, "the inbox entry");
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Single(await factory.InboxAsync("req-a"));
        Assert.Single(factory.Harness.GetConsumerHarness<RequestSubmittedConsumer>().Consumed
            .Select<RequestSubmitted>(m => m.Context.MessageId == messageId).Take(1));
    }

    [Fact]
    public async Task A_request_with_no_signed_in_submitter_puts_nothing_in_any_personal_inbox()
    {
        var message = Events.Submitted(null);
        await factory.PublishAsync(message);
        Assert.False(await factory.DbAsync(db => db.Deliveries.AnyAsync(d => d.EventKey == $"request-submitted:{message.RequestId}" && d.RecipientSubject != null)));
    }

    [Fact]
    public async Task A_status_change_tells_the_submitter_and_the_communitys_current_president()
    {
        var (president, community) = await PresidentAsync("req-pres");
        var changed = new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0042", CommunityId = community, Category = "road",
            From = "triaged", To = "in-progress", Note = "ผู้รับจ้างเข้าพื้นที่แล้ว", SubmitterSubject = "req-sub", ChangedAt = DateTimeOffset.UtcNow,
        };
        await factory.PublishAsync(changed);

        await Probe.WaitAsync(async () => (await factory.InboxAsync("req-sub")).Count == 1 && (await factory.InboxAsync("req-pres")).Count == 1, "both entries");
        var submitter = Assert.Single(await factory.InboxAsync("req-sub"));
        Assert.Equal("คำร้องเลขที่ R2570-0042: กำลังดำเนินการ", submitter.Title);
        Assert.Contains("ผู้รับจ้างเข้าพื้นที่แล้ว", submitter.Body);
        var presidentEntry = Assert.Single(await factory.InboxAsync("req-pres"));
        Assert.Equal("request-status-changed-community", presidentEntry.Kind);
        Assert.Contains("เรียน นายสมชาย ใจดี", presidentEntry.Body);
    }

    [Fact]
    public async Task A_president_who_submitted_the_request_is_told_once()
    {
        var (_, community) = await PresidentAsync("req-both");
        await factory.PublishAsync(new RequestStatusChanged
        {
            RequestId = Guid.NewGuid(), Number = "R2570-0043", CommunityId = community, Category = "road",
            From = "submitted", To = "triaged", SubmitterSubject = "req-both", ChangedAt = DateTimeOffset.UtcNow,
        });
        await Probe.WaitAsync(async () => (await factory.InboxAsync("req-both")).Count == 1, "the entry");
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);
        Assert.Equal("request-status-changed", Assert.Single(await factory.InboxAsync("req-both")).Kind);
    }

    [Fact]
    public async Task A_plan_project_tells_the_current_presidents_of_its_communities_only()
    {
        var (_, current) = await PresidentAsync("plan-now");
        var (_, former) = await PresidentAsync("plan-former", end: new DateOnly(2020, 1, 1));
        await factory.PublishAsync(new PlanProjectProgressed
        {
            ProjectId = Guid.NewGuid(), Title = "ขุดลอกท่อระบายน้ำ", Stage = "budgeted", ProgressPercent = 25,
            CommunityIds = [current, former], RequestIds = [], OccurredAt = DateTimeOffset.UtcNow,
        });

        await Probe.WaitAsync(async () => (await factory.InboxAsync("plan-now")).Count == 1, "the current president's entry");
        Assert.Contains("ได้รับงบประมาณ", (await factory.InboxAsync("plan-now")).Single().Title);
        Assert.Empty(await factory.InboxAsync("plan-former"));
    }

    [Fact]
    public async Task A_term_ending_tells_the_holder_and_the_registry_staff_inbox()
    {
        var holder = await factory.KnowAsync(Events.Person(subject: "term-a"));
        await factory.PublishAsync(new TermEnding
        {
            OfficeId = Guid.NewGuid(), PersonId = holder.PersonId, Role = "president", CommunityId = Guid.NewGuid(),
            EndDate = new DateOnly(2026, 12, 31), OccurredAt = DateTimeOffset.UtcNow,
        });

        await Probe.WaitAsync(async () => (await factory.InboxAsync("term-a")).Count == 1, "the holder's entry");
        Assert.Contains("วันพฤหัสบดีที่ 31 ธันวาคม 2569", (await factory.InboxAsync("term-a")).Single().Title);
        using var staff = factory.ClientAs("registry-staff", "staff");
        var registry = await Eventually.GetAsync(async () =>
        {
            var page = await staff.GetFromJsonAsync<JsonElement>("/api/notifications/inbox?mailbox=registry");
            return page.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("body").GetString()!.Contains("นายสมชาย ใจดี")) is { ValueKind: JsonValueKind.Object } item
                ? (JsonElement?)item : null;
        }, what: "the registry staff's entry");
        Assert.Equal("term-ending-registry", registry!.Value.GetProperty("kind").GetString());
    }
}
