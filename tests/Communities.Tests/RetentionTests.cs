using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.Messaging.Idempotency;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Retention;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;

namespace Municipal.Communities.Tests;

/// <summary>
/// Nothing is kept past its purpose: the retention job deletes what has outlived its period, and after an erasure the
/// person's values are in no table, no outbox row and no free page of the database file.
/// </summary>
public sealed class RetentionTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private const string Phone = "0869990001";
    private const string Email = "erase.bytes.7731@example.com";
    private const string LineId = "Ufeedfacecafebeef0123456789abcdef";
    private const string LastName = "ลบทิ้งถาวรเจ็ดเจ็ด";

    [Fact]
    public async Task The_retention_job_deletes_what_outlived_its_period_and_keeps_the_rest()
    {
        var now = DateTimeOffset.UtcNow;
        var person = Guid.NewGuid();
        var caller = new Caller("retention-staff", new HashSet<string> { "staff" }, null, null);
        Guid oldLog = Guid.Empty, freshLog = Guid.Empty, oldAnswer = Guid.Empty, freshAnswer = Guid.Empty, oldEvent = Guid.Empty, unsent = Guid.Empty;
        var oldClaim = AccountClaim.Issue("retention-old-account", "บัญชีเก่า", null, now - TimeSpan.FromDays(15)).Claim;
        var freshClaim = AccountClaim.Issue("retention-new-account", "บัญชีใหม่", null, now - TimeSpan.FromDays(13)).Claim;
        await factory.InDbAsync(async db =>
        {
            var old = AccessLogEntry.Record(caller, person, "person", now - TimeSpan.FromDays(731));
            var fresh = AccessLogEntry.Record(caller, person, "person", now - TimeSpan.FromDays(30));
            var oldRecord = IdempotencyRecord.Create("c", "k-old-" + Guid.NewGuid(), "f", 201, "application/json", "{\"phone\":\"x\"}", null, null, now - TimeSpan.FromHours(25));
            var freshRecord = IdempotencyRecord.Create("c", "k-new-" + Guid.NewGuid(), "f", 201, "application/json", "{}", null, null, now - TimeSpan.FromHours(23));
            var sent = db.EnqueueEvent(new Contracts.DivisionRegistered { DivisionId = Guid.NewGuid(), Code = "x", NameTh = "x", OccurredAt = now });
            sent.SentAt = now - TimeSpan.FromDays(2);
            var waiting = db.EnqueueEvent(new Contracts.DivisionRegistered { DivisionId = Guid.NewGuid(), Code = "y", NameTh = "y", OccurredAt = now });
            waiting.NextAttemptAt = now + TimeSpan.FromDays(1); // the relay leaves it for now
            db.AccessLog.AddRange(old, fresh);
            db.IdempotencyRecords.AddRange(oldRecord, freshRecord);
            db.AccountClaims.AddRange(oldClaim, freshClaim);
            (oldLog, freshLog, oldAnswer, freshAnswer, oldEvent, unsent) = (old.Id, fresh.Id, oldRecord.Id, freshRecord.Id, sent.Id, waiting.Id);
            return await db.SaveChangesAsync();
        });

        // (The job's own run at start-up may have come first; either way these rows are judged by one of them.)
        var counts = await factory.Services.GetRequiredService<RetentionJob<CommunitiesDbContext>>().RunOnceAsync(CancellationToken.None);

        Assert.Contains("access-log", counts.Keys);
        Assert.False(await factory.InDbAsync(db => db.AccessLog.AnyAsync(e => e.Id == oldLog)));
        Assert.True(await factory.InDbAsync(db => db.AccessLog.AnyAsync(e => e.Id == freshLog)));
        Assert.False(await factory.InDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Id == oldAnswer)));
        Assert.True(await factory.InDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Id == freshAnswer)));
        Assert.False(await factory.InDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == oldEvent)));
        Assert.True(await factory.InDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == unsent))); // never before it is sent
        Assert.Equal(TimeSpan.FromHours(24), new RetentionOptions().IdempotencyRecords);
        // An account's request to be linked leaves once the clerk's list no longer shows it (14 days).
        Assert.False(await factory.InDbAsync(db => db.AccountClaims.AnyAsync(c => c.Id == oldClaim.Id)));
        Assert.True(await factory.InDbAsync(db => db.AccountClaims.AnyAsync(c => c.Id == freshClaim.Id)));
    }

    [Fact]
    public async Task After_an_erasure_the_persons_values_are_in_no_table_no_outbox_row_and_no_byte_of_the_database_files()
    {
        var community = await factory.CommunityIdAsync("KPP-25");
        using var staff = factory.Staff("staff-erase-bytes");
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/communities/people")
        {
            Content = JsonContent.Create(new { title = "นาง", firstNameTh = "สมศรี", lastNameTh = LastName, phone = Phone, email = Email, lineUserId = LineId }),
        };
        register.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // the remembered answer holds the contact too
        using var registered = await staff.SendAsync(register);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        using var assign = new HttpRequestMessage(HttpMethod.Post, "/api/communities/offices")
        {
            Content = JsonContent.Create(new { personId = id, role = "treasurer", communityId = community, startDate = "2019-10-01" }),
        };
        assign.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // its remembered answer names the holder
        using (var assigned = await staff.SendAsync(assign))
        {
            Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        }

        Assert.True(await factory.InDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Body.Contains(LastName))) >= 2);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/communities/people/{id}")).StatusCode);
        await Published.OneAsync<Contracts.PersonRegistered>(factory, m => m.PersonId == id);
        var secrets = new[] { "+66869990001", Phone, "086-999-0001", Email, LineId, LastName };
        Assert.Contains(secrets, s => DatabaseBytesHold(s)); // the values really were written

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/communities/people/{id}")).StatusCode);
        await Published.OneAsync<Contracts.PersonErased>(factory, m => m.PersonId == id);

        Assert.False(await factory.InDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Payload.Contains(Email) || m.Payload.Contains(LineId))));
        Assert.False(await factory.InDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Body.Contains(Email) || r.Body.Contains(LastName))));
        foreach (var secret in secrets)
        {
            Assert.False(DatabaseBytesHold(secret), $"'{secret}' is still in the database's files");
        }
    }

    /// <summary>Whether the SQLite file or its write-ahead log holds the text (UTF-8), in a live row or a free page.</summary>
    private bool DatabaseBytesHold(string text) => DatabaseFiles.Hold(factory.DataDirectory, "communitiesdb", text);
}
