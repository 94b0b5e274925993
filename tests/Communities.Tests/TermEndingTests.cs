using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Contracts;
using Municipal.Testing;
using Municipal.ThaiCalendar;
using System.Globalization;

namespace Municipal.Communities.Tests;

/// <summary>The registry on a clock the test moves: <see cref="FakeTimeProvider"/> replaces the service's <see cref="TimeProvider"/>.</summary>
public abstract class ClockedFactory : ServiceFactory<Program>
{
    protected ClockedFactory(bool monitor) : base(Extensions.EndpointName)
    {
        Settings["Communities:TermEnding:Enabled"] = monitor ? "true" : "false";
        Settings["Communities:TermEnding:Interval"] = "01:00:00";
        ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public DateOnly Today => BangkokTime.Today(Clock);
}

public sealed class ClockWithoutMonitorFactory() : ClockedFactory(monitor: false);

public sealed class ClockWithMonitorFactory() : ClockedFactory(monitor: true);

public sealed class TermEndingTests(ClockWithoutMonitorFactory factory) : IClassFixture<ClockWithoutMonitorFactory>
{
    private Task<int> RunCheckAsync() => factory.WithScopeAsync(s => s.GetRequiredService<TermEndingCheck>().RunAsync(CancellationToken.None));

    [Fact]
    public async Task A_term_ending_within_30_days_is_announced_exactly_once_and_the_announcement_is_recorded()
    {
        var community = await factory.CommunityIdAsync("KPP-21");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var endDate = factory.Today.AddDays(40);
        var office = (await factory.AssignedAsync(person, "president", community, startDate: "2019-10-01",
            endDate: endDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).GetProperty("id").GetGuid();
        var openEnded = (await factory.AssignedAsync((await factory.NewPersonAsync()).GetProperty("id").GetGuid(), "secretary", community))
            .GetProperty("id").GetGuid();

        await RunCheckAsync();
        Assert.Empty(Announced(office));

        factory.Clock.Advance(TimeSpan.FromDays(11)); // the term now ends in 29 days
        await RunCheckAsync();
        await RunCheckAsync();
        factory.Clock.Advance(TimeSpan.FromDays(5));
        await RunCheckAsync();

        await Eventually.TrueAsync(() => Task.FromResult(Announced(office).Count == 1), what: "TermEnding for the office");
        var message = Assert.Single(Announced(office));
        Assert.Equal(person, message.PersonId);
        Assert.Equal("president", message.Role);
        Assert.Equal(community, message.CommunityId);
        Assert.Equal(endDate, message.EndDate);
        Assert.Empty(Announced(openEnded));

        var stored = await factory.WithScopeAsync(s => s.GetRequiredService<Infrastructure.CommunitiesDbContext>()
            .Offices.AsNoTracking().SingleAsync(o => o.Id == office));
        Assert.NotNull(stored.TermEndingPublishedAt);
        Assert.Equal(1, await factory.WithScopeAsync(s => s.GetRequiredService<Infrastructure.CommunitiesDbContext>()
            .OutboxMessages.CountAsync(m => m.MessageType == typeof(TermEnding).FullName && m.Payload.Contains(office.ToString()))));
    }

    [Fact]
    public async Task A_term_that_is_already_over_is_not_announced()
    {
        var community = await factory.CommunityIdAsync("KPP-22");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var over = (await factory.AssignedAsync(person, "treasurer", community, startDate: "2015-01-01",
            endDate: factory.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).GetProperty("id").GetGuid();

        await RunCheckAsync();

        Assert.Equal(0, await factory.WithScopeAsync(s => s.GetRequiredService<Infrastructure.CommunitiesDbContext>()
            .Offices.CountAsync(o => o.Id == over && o.TermEndingPublishedAt != null)));
        Assert.Empty(Announced(over));
    }

    private List<TermEnding> Announced(Guid office) =>
        factory.Harness.Published.Select<TermEnding>().Select(m => m.Context.Message).Where(m => m.OfficeId == office).ToList();
}

public sealed class TermEndingMonitorTests(ClockWithMonitorFactory factory) : IClassFixture<ClockWithMonitorFactory>
{
    [Fact]
    public async Task The_background_job_announces_on_its_own_once_the_clock_reaches_the_notice_window()
    {
        var community = await factory.CommunityIdAsync("KPP-23");
        var person = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var office = (await factory.AssignedAsync(person, "president", community, startDate: "2019-10-01",
            endDate: factory.Today.AddDays(35).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).GetProperty("id").GetGuid();

        factory.Clock.Advance(TimeSpan.FromDays(6)); // past the job's next run, and now within 30 days

        await Eventually.TrueAsync(() => Task.FromResult(
            factory.Harness.Published.Select<TermEnding>().Any(m => m.Context.Message.OfficeId == office)), what: "TermEnding from the job");
    }
}
