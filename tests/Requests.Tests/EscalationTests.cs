using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using Municipal.ThaiCalendar;
using System.Net;

namespace Municipal.Requests.Tests;

/// <summary>Overdue requests escalated once per threshold and level, across a restart, and the daily digest, on a fake clock.</summary>
public sealed class EscalationTests
{
    /// <summary>A host on a clock the test turns and a data folder the test chooses, so that a second host can pick up where the first stopped.</summary>
    private sealed class Host : RequestsFactory
    {
        public Host(FakeTimeProvider clock, string? dataDirectory = null, bool monitor = false)
        {
            Clock = clock;
            Settings["Requests:Casework:Enabled"] = monitor ? "true" : "false";
            Settings["Requests:Casework:Interval"] = "00:05:00";
            if (dataDirectory is not null)
            {
                Settings["Database:DataDirectory"] = dataDirectory;
            }

            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
        }

        public FakeTimeProvider Clock { get; }

        public HttpClient As(string subject, string[] roles, string? division = null) =>
            ClientWith(TestTokens.For(subject, roles, null, division, TimeSpan.FromDays(400)));

        public Task<int> RunAsync<T>() where T : ICaseworkCheck => WithScopeAsync(s => s.GetRequiredService<T>().RunAsync(CancellationToken.None));

        public IReadOnlyList<RequestEscalated> Escalated(Guid id) =>
            Harness.Published.Select<RequestEscalated>().Select(m => m.Context.Message).Where(m => m.RequestId == id).ToList();
    }

    private static async Task<Guid> SubmitWasteAsync(Host host, Guid community, string title = "ขยะไม่ได้เก็บ")
    {
        using var resident = host.As("resident-esc", ["resident"]);
        var created = await RequestsFactory.SubmitAsync(resident, new { communityId = community, category = "waste", title, description = "สามวันแล้ว" });
        return created.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task An_overdue_request_is_escalated_once_per_threshold_and_level_even_across_a_restart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero)); // 10:00 in Bangkok
        var data = Path.Combine(Path.GetTempPath(), "municipal-tests", Guid.NewGuid().ToString("N"));
        // The first process lives in a method of its own: what its start-up leaves in the async context (MassTransit's log
        // context) must not reach the second one.
        var id = await FirstLifeAsync(clock, data);

        // The service restarts two days later, its background check running by itself on the clock.
        clock.Advance(TimeSpan.FromDays(2));
        await using var second = new Host(clock, data, monitor: true);
        second.CreateClient().Dispose();
        var head = await second.PublishedAsync<RequestEscalated>(m => m.RequestId == id && m.Level == "head");
        Assert.Equal("first-response", head.Threshold);
        var resolution = await second.PublishedAsync<RequestEscalated>(m => m.RequestId == id && m.Threshold == "resolution");
        Assert.Equal("division", resolution.Level);
        Assert.Equal(0, await second.RunAsync<EscalationCheck>());
        Assert.DoesNotContain(second.Escalated(id), m => m.Threshold == "first-response" && m.Level == "division");
        var rows = await second.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Escalations.AsNoTracking().Where(e => e.RequestId == id).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (r.Threshold, r.Level)).Distinct().Count());
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // a SQLite file still closing
        }
    }

    /// <summary>The first process: a request escalated to its division, the outbox drained, then it stops.</summary>
    private static async Task<Guid> FirstLifeAsync(FakeTimeProvider clock, string data)
    {
        await using var first = new Host(clock, data);
        var community = await first.KnownCommunityAsync();
        var divisionId = Guid.NewGuid();
        await first.Harness.Bus.Publish(new DivisionRegistered { DivisionId = divisionId, Code = "public-health", NameTh = "กองสาธารณสุขและสิ่งแวดล้อม", OccurredAt = clock.GetUtcNow() });
        await Eventually.TrueAsync(() => first.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Divisions.AnyAsync(d => d.DivisionId == divisionId)),
            what: "the division's registry id");
        var id = await SubmitWasteAsync(first, community); // waste: first response due in 24 h, resolution in 3 days

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await first.RunAsync<EscalationCheck>());

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await first.RunAsync<EscalationCheck>());
        Assert.Equal(0, await first.RunAsync<EscalationCheck>());
        var toDivision = await first.PublishedAsync<RequestEscalated>(m => m.RequestId == id);
        Assert.Equal(("first-response", "division", "public-health"), (toDivision.Threshold, toDivision.Level, toDivision.DivisionCode));
        Assert.Equal(clock.GetUtcNow().AddHours(-1), toDivision.DueAt);
        Assert.Equal(divisionId, toDivision.DivisionId); // how Notifications finds the division's head
        await Eventually.TrueAsync(() => first.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OutboxMessages.AllAsync(m => m.SentAt != null)),
            what: "the outbox drained before the restart");
        return id;
    }

    [Fact]
    public async Task A_request_answered_before_the_second_delay_is_not_escalated_to_the_head()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        await using var host = new Host(clock);
        var community = await host.KnownCommunityAsync();
        var id = await SubmitWasteAsync(host, community);
        clock.Advance(TimeSpan.FromHours(25));
        await host.RunAsync<EscalationCheck>();

        using var staff = host.As("staff-esc", ["staff"]);
        using var triaged = await RequestsFactory.TransitionAsync(staff, id, new { to = "triaged" });
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);
        clock.Advance(TimeSpan.FromHours(30)); // past the head's delay for the first response, not yet past the resolution time
        await host.RunAsync<EscalationCheck>();

        await host.PublishedAsync<RequestEscalated>(m => m.RequestId == id && m.Threshold == "first-response" && m.Level == "division");
        var rows = await host.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Escalations.AsNoTracking().Where(e => e.RequestId == id)
            .Select(e => new { e.Threshold, e.Level }).ToListAsync());
        Assert.Equal([new { Threshold = Municipal.Requests.Domain.EscalationThreshold.FirstResponse, Level = Municipal.Requests.Domain.EscalationLevel.Division }], rows);
    }

    [Fact]
    public async Task Each_division_with_overdue_requests_gets_one_digest_a_day_from_eight_in_the_morning()
    {
        var morning = BangkokTime.FromLocal(new DateOnly(2026, 11, 3), new TimeOnly(7, 0));
        var clock = new FakeTimeProvider(morning.AddDays(-2));
        await using var host = new Host(clock);
        var community = await host.KnownCommunityAsync();
        var overdue = await SubmitWasteAsync(host, community, "ขยะไม่ได้เก็บ โทรหาผม 081-555-1234");

        clock.Advance(morning - clock.GetUtcNow()); // 07:00: the waste request is a day overdue, but it is not time yet
        using var resident = host.As("resident-esc", ["resident"]);
        var fresh = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        Assert.Equal(0, await host.RunAsync<DivisionDigests>());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await host.RunAsync<DivisionDigests>());
        Assert.Equal(0, await host.RunAsync<DivisionDigests>());

        var digest = await host.PublishedAsync<DivisionOverdueDigest>(m => m.DivisionCode == "public-health");
        Assert.Equal(new DateOnly(2026, 11, 3), digest.Day);
        Assert.Contains(digest.Requests, r => r.RequestId == overdue && r.Threshold == "first-response");
        // The digest is copied into inboxes and mails that outlive the request's own erasure: its titles are masked.
        var listed = digest.Requests.Single(r => r.RequestId == overdue);
        Assert.Equal($"ขยะไม่ได้เก็บ โทรหาผม {Municipal.Requests.Domain.PersonalData.PhoneMask}", listed.Title);
        Assert.DoesNotContain(host.Harness.Published.Select<DivisionOverdueDigest>(), m => m.Context.Message.Requests.Any(r => r.RequestId == fresh));
        var sent = await host.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Digests.AsNoTracking().Select(d => d.DivisionCode).ToListAsync());
        Assert.Equal(["public-health"], sent); // the drainage request, an hour old, makes Public Works no digest

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await host.RunAsync<DivisionDigests>());
        await host.PublishedAsync<DivisionOverdueDigest>(m => m.DivisionCode == "public-health" && m.Day == new DateOnly(2026, 11, 4));
    }
}
