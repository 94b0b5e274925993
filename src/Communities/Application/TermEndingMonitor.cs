using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.ThaiCalendar;

namespace Municipal.Communities.Application;

/// <summary>Configuration section <c>Communities:TermEnding</c>.</summary>
public sealed class TermEndingOptions
{
    public const string Section = "Communities:TermEnding";

    /// <summary>How often terms are checked. The check is cheap and announces each term once, so hourly is plenty.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Announces, once per office, a term that ends within 30 days (<c>TermEnding</c>). The office is claimed
/// with one conditional update (<c>TermEndingPublishedAt</c> from null to now) in the same transaction as the
/// event, so replicas running the check at the same time announce it once between them.
/// </summary>
public sealed partial class TermEndingCheck(CommunitiesDbContext db, TimeProvider time, ILogger<TermEndingCheck> logger)
{
    /// <returns>How many terms were announced.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = BangkokTime.DateOf(now);
        var horizon = today.AddDays(Office.TermEndingNoticeDays);
        var candidates = await db.Offices.AsNoTracking()
            .Where(o => o.TermEndingPublishedAt == null && o.EndDate != null && o.EndDate >= today && o.EndDate <= horizon)
            .OrderBy(o => o.EndDate).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);

        var announced = 0;
        foreach (var office in candidates.Where(o => o.IsTermEndingDue(today)))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Offices
                .Where(o => o.Id == office.Id && o.TermEndingPublishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.TermEndingPublishedAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue; // another replica announced it
            }

            db.EnqueueEvent(new TermEnding
            {
                OfficeId = office.Id,
                PersonId = office.PersonId,
                Role = office.Role,
                CommunityId = office.CommunityId,
                DivisionId = office.DivisionId,
                EndDate = office.EndDate!.Value,
                OccurredAt = now,
            }, time);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            announced++;
            LogAnnounced(office.Id, office.Role);
        }

        if (announced > 0)
        {
            CommunitiesTelemetry.TermEndingAnnounced.Add(announced);
        }

        return announced;
    }

    [LoggerMessage(LogLevel.Information, "Announced that office {OfficeId} ({Role}) ends within 30 days.")]
    private partial void LogAnnounced(Guid officeId, string role);
}

/// <summary>Runs <see cref="TermEndingCheck"/> at start and then every <see cref="TermEndingOptions.Interval"/>, on the service's <see cref="TimeProvider"/>.</summary>
public sealed partial class TermEndingMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<TermEndingOptions> options, ILogger<TermEndingMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TermEndingCheck>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }

            await Task.Delay(options.Value.Interval, time, stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Error, "The check for terms ending soon failed; it runs again at the next interval.")]
    private partial void LogFailed(Exception ex);
}
