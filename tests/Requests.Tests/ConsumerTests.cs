using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Consumers;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>What Requests learns from other services' events.</summary>
public sealed class ConsumerTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private Task<T> DbAsync<T>(Func<RequestsDbContext, Task<T>> query) => factory.WithScopeAsync(s => query(s.GetRequiredService<RequestsDbContext>()));

    /// <summary>Whether the SQLite file or its write-ahead log holds the text (UTF-8), in a live row or a free page.</summary>
    private bool DatabaseBytesHold(string text) => DatabaseFiles.Hold(factory.DataDirectory, "requestsdb", text);

    private static IssueRaisedAtSession Issue(Guid community, Guid? issueId = null) => new()
    {
        IssueId = issueId ?? Guid.NewGuid(),
        SessionId = Guid.NewGuid(),
        CommunityId = community,
        Category = "road",
        Description = "ถนนซอย 7 เป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย\nขอให้ซ่อมก่อนหน้าฝน",
        Latitude = 16.4820,
        Longitude = 99.5480,
        RecordedBySubject = "staff-minutes",
        RaisedAt = DateTimeOffset.UtcNow,
    };

    private async Task ConsumedAsync<T>(Func<T, bool> which) where T : class =>
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<T>(m => which(m.Context.Message)).Any()), what: typeof(T).Name);

    [Fact]
    public async Task An_issue_raised_at_a_meeting_becomes_a_request_linked_to_its_session()
    {
        var community = await factory.KnownCommunityAsync();
        var issue = Issue(community);

        await factory.Harness.Bus.Publish(issue);

        var request = await Eventually.GetAsync(() => DbAsync(db => db.Requests.FirstOrDefaultAsync(r => r.SourceIssueId == issue.IssueId)), what: "the request");
        Assert.Equal(issue.SessionId, request!.SessionId);
        Assert.Equal(RequestChannel.Meeting, request.Channel);
        Assert.Equal("ถนนซอย 7 เป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย", request.Title);
        Assert.Equal(issue.Description, request.Description);
        Assert.Equal("public-works", request.DivisionCode);
        var entry = await DbAsync(db => db.History.SingleAsync(h => h.RequestId == request.Id));
        Assert.Equal("staff-minutes", entry.ActorSubject);
        await factory.PublishedAsync<RequestSubmitted>(m => m.RequestId == request.Id
            && m.SessionId == issue.SessionId && m.Channel == "meeting");

        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-meeting");
        var listed = await leader.GetFromJsonAsync<JsonElement>("/api/requests");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("sessionId").GetGuid() == issue.SessionId);
    }

    [Fact]
    public async Task The_same_issue_published_twice_or_delivered_twice_becomes_one_request()
    {
        var community = await factory.KnownCommunityAsync();
        var issue = Issue(community);
        var messageId = Guid.NewGuid();
        var againId = Guid.NewGuid();
        var consumer = typeof(IssueRaisedAtSessionConsumer).FullName;

        await factory.Harness.Bus.Publish(issue, c => c.MessageId = messageId);
        await factory.Harness.Bus.Publish(issue, c => c.MessageId = messageId); // redelivered
        await factory.Harness.Bus.Publish(issue, c => c.MessageId = againId); // published again under a new message id

        await Eventually.TrueAsync(async () => await DbAsync(db => db.InboxMessages
            .CountAsync(m => m.Consumer == consumer && (m.MessageId == messageId || m.MessageId == againId))) == 2, what: "both messages in the inbox");
        await factory.Harness.InactivityTask;
        Assert.Equal(1, await DbAsync(db => db.Requests.CountAsync(r => r.SourceIssueId == issue.IssueId)));
    }

    [Fact]
    public async Task An_issue_with_an_unknown_category_or_a_stray_location_is_still_taken_as_other_without_location()
    {
        var issue = Issue(Guid.NewGuid()) with { Category = "noise", Latitude = 13.75, Longitude = 100.5, Description = "" };

        await factory.Harness.Bus.Publish(issue);

        var request = await Eventually.GetAsync(() => DbAsync(db => db.Requests.FirstOrDefaultAsync(r => r.SourceIssueId == issue.IssueId)), what: "the request");
        Assert.Equal("other", request!.Category);
        Assert.Null(request.Latitude);
        Assert.Equal("อื่น ๆ", request.Title);
    }

    [Fact]
    public async Task A_community_change_reaches_the_read_copy_and_a_merged_community_takes_no_new_requests()
    {
        var community = await factory.KnownCommunityAsync(code: "CHG-01");
        var into = await factory.KnownCommunityAsync(code: "CHG-02");
        await factory.Harness.Bus.Publish(new CommunityChanged
        {
            CommunityId = community, Code = "CHG-01", NameTh = "ชุมชนเดิม (ควบรวม)", Status = "merged", MergedInto = into, OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => DbAsync(db => db.Communities.AnyAsync(c => c.Id == community && c.Status == "merged")), what: "the change");

        using var resident = factory.ClientAs("resident-merged", "resident");
        using var response = await resident.PostAsJsonAsync("/api/requests", RequestsFactory.Drainage(community));
        var problem = await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.UnprocessableEntity);
        Assert.Contains(into.ToString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_division_the_registry_announces_replaces_the_seeded_names()
    {
        factory.CreateClient().Dispose();
        await factory.Harness.Bus.Publish(new DivisionRegistered
        {
            DivisionId = Guid.NewGuid(), Code = "public-works", NameTh = "กองช่าง (ปรับปรุง)", NameEn = "Public Works Division", OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => DbAsync(db => db.Divisions.AnyAsync(d => d.Code == "public-works" && d.NameTh == "กองช่าง (ปรับปรุง)")), what: "the division");
        using var client = factory.CreateClient();
        var categories = await client.GetFromJsonAsync<JsonElement>("/api/requests/categories");
        Assert.Equal("กองช่าง (ปรับปรุง)", categories.GetProperty("items").EnumerateArray().First(c => c.GetProperty("code").GetString() == "road").GetProperty("divisionNameTh").GetString());
    }

    [Fact]
    public async Task An_erased_person_leaves_their_requests_without_identity_contact_or_contact_details_in_the_text()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-erased", "resident");
        var own = await RequestsFactory.SubmitAsync(resident, new
        {
            communityId = community, category = "tree", title = "ต้นไม้ล้ม", description = "ติดต่อ 081-555-6666 หรือ erased@example.com",
        });
        var ownId = own.GetProperty("id").GetGuid();
        using var staff = factory.ClientAs("staff-erase", "staff");
        var personId = Guid.NewGuid();
        var phoned = (await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = community, category = "waste", title = "ขยะ", description = "ขยะล้นถัง",
            channel = "phone", submitter = new { name = "นายลบ ข้อมูล", phone = "0815556666", personId },
        })).GetProperty("id").GetGuid();
        var other = (await RequestsFactory.SubmitAsync(factory.ClientAs("resident-kept", "resident"), RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        await resident.PostAsync($"/api/requests/{other}/support", null);

        await factory.Harness.Bus.Publish(new PersonErased { PersonId = personId, Subject = "resident-erased", OccurredAt = DateTimeOffset.UtcNow });
        await ConsumedAsync<PersonErased>(m => m.PersonId == personId);
        await Eventually.TrueAsync(() => DbAsync(db => db.Requests.AnyAsync(r => r.Id == ownId && r.SubmitterErased)), what: "the erasure");

        var requests = await DbAsync(db => db.Requests.Where(r => r.Id == ownId || r.Id == phoned).ToListAsync());
        Assert.All(requests, r =>
        {
            Assert.Null(r.SubmitterSubject);
            Assert.Null(r.SubmitterName);
            Assert.Null(r.SubmitterPhone);
            Assert.True(r.SubmitterErased);
        });
        Assert.DoesNotContain("6666", requests.Single(r => r.Id == ownId).Description);
        Assert.DoesNotContain("erased@", requests.Single(r => r.Id == ownId).Description);
        Assert.False(await DbAsync(db => db.History.AnyAsync(h => h.ActorSubject == "resident-erased")));
        // The events that carried their subject and the text they typed are gone from the outbox.
        Assert.False(await DbAsync(db => db.OutboxMessages.AnyAsync(m => m.Payload.Contains("resident-erased"))));
        // The other services forget what they hold about each of those requests' submitter (Notifications: the title in notices).
        await factory.PublishedAsync<RequestSubmitterErased>(m => m.RequestId == ownId);
        await factory.PublishedAsync<RequestSubmitterErased>(m => m.RequestId == phoned);
        // And they leave the database's files at once, the write-ahead log included (not at the retention job's next run).
        await Eventually.TrueAsync(() => Task.FromResult(!DatabaseBytesHold("erased@example.com")), what: "the e-mail gone from the files");
        Assert.False(await DbAsync(db => db.Supports.AnyAsync(s => s.Subject == "resident-erased")));
        Assert.Equal(1, await DbAsync(db => db.Supports.CountAsync(s => s.RequestId == other))); // the support still counts
        Assert.Equal(1, await DbAsync(db => db.Requests.CountAsync(r => r.Id == other && r.SubmitterSubject == "resident-kept")));

        // The erased person's own token no longer reaches the request.
        await ProblemAssert.IsProblemAsync(await resident.GetAsync($"/api/requests/{ownId}"), System.Net.HttpStatusCode.NotFound);
    }
}
