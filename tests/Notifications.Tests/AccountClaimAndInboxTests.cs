using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The code that links a leader's sign-in to their registry record goes by SMS to the phone the registry holds, in
/// Thai, word for word; and a person who comes back to many unread notices marks them all read at once.
/// </summary>
public sealed class AccountClaimAndInboxTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task The_claim_code_goes_by_SMS_to_the_registrys_phone_in_Thai_and_to_no_inbox()
    {
        var person = await factory.KnowAsync(Events.Person(phone: "+66812345678", email: "somchai@example.th", channel: "email"));
        var now = DateTimeOffset.UtcNow;
        await factory.PublishAsync(new AccountClaimCodeIssued
        {
            ClaimId = Guid.NewGuid(), PersonId = person.PersonId, Code = "428193", ExpiresAt = now.AddMinutes(15), OccurredAt = now,
        });

        var delivery = Assert.Single(await factory.DeliveriesAsync(person.PersonId), d => d.Kind == Notices.AccountClaimCode);
        Assert.Equal("sms", delivery.Channel);
        Assert.Null(delivery.RecipientSubject);
        Assert.Equal("รหัสยืนยันตัวตน 428193", delivery.Title);
        Assert.Equal("รหัสยืนยันตัวตน 428193 ใช้ได้ 15 นาที (เทศบาลเมืองกำแพงเพชร) หากท่านไม่ได้ขอ โปรดอย่าบอกรหัสแก่ผู้ใด", delivery.ShortText);
        Assert.Equal(
            """
            เรียน นายสมชาย ใจดี

            รหัสยืนยันตัวตนสำหรับเชื่อมบัญชีผู้ใช้ของท่านกับทะเบียนชุมชนของเทศบาลเมืองกำแพงเพชร คือ 428193
            ใช้ได้ภายใน 15 นาที
            หากท่านไม่ได้ขอรหัสนี้ โปรดอย่าบอกรหัสแก่ผู้ใด และเพิกเฉยต่อข้อความนี้
            """.ReplaceLineEndings("\n"), delivery.Body);
    }

    [Fact]
    public async Task A_code_that_expired_before_it_could_go_out_is_not_sent()
    {
        var person = await factory.KnowAsync(Events.Person(phone: "+66812345679"));
        var then = DateTimeOffset.UtcNow.AddMinutes(-30);
        await factory.PublishAsync(new AccountClaimCodeIssued
        {
            ClaimId = Guid.NewGuid(), PersonId = person.PersonId, Code = "111222", ExpiresAt = then.AddMinutes(15), OccurredAt = then,
        });
        Assert.DoesNotContain(await factory.DeliveriesAsync(person.PersonId), d => d.Kind == Notices.AccountClaimCode);
    }

    [Fact]
    public async Task Marking_all_read_leaves_nothing_unread_and_touches_only_ones_own_inbox()
    {
        for (var i = 0; i < 4; i++)
        {
            await factory.PublishAsync(Events.Submitted("read-all-a") with { Number = $"R2570-{i:D4}" });
        }

        await factory.PublishAsync(Events.Submitted("read-all-b"));
        await Probe.WaitAsync(async () => (await factory.InboxAsync("read-all-a")).Count == 4 && (await factory.InboxAsync("read-all-b")).Count == 1, "the entries");

        using var a = factory.ClientAs("read-all-a", "community-leader");
        using var marked = await a.PostAsync("/api/notifications/inbox/read-all", null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(0, (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
        Assert.All(await factory.InboxAsync("read-all-a"), item => Assert.NotNull(item.ReadAt));
        Assert.All(await factory.InboxAsync("read-all-b"), item => Assert.Null(item.ReadAt));

        using var shared = await a.PostAsync("/api/notifications/inbox/read-all?mailbox=registry", null);
        await ProblemAssert.IsProblemAsync(shared, NotificationsProblems.SharedInboxStaffOnly);
    }
}
