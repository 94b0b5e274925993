using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Retention;

/// <summary>
/// Configuration section <c>Retention</c>: how long each kind of record is kept before the service's retention job
/// deletes it (docs/privacy.md lists every period and why).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>How often the job runs (hourly).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Remembered first answers of <c>Idempotency-Key</c> requests (whole response bodies): 24 hours, as promised to clients.</summary>
    public TimeSpan IdempotencyRecords { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Events the broker confirmed, with their payloads: a day's grace to investigate a delivery, then gone.</summary>
    public TimeSpan SentEvents { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Logs of who read whose contact details: two years (the PDPA's accountability; a complaint may come late).</summary>
    public TimeSpan AccessLog { get; set; } = TimeSpan.FromDays(730);

    /// <summary>What an e-mail, LINE message or SMS said, after it was sent: a week to answer "what did you send me?".</summary>
    public TimeSpan DeliveryBodies { get; set; } = TimeSpan.FromDays(7);

    /// <summary>In-app notices their reader has read: a year.</summary>
    public TimeSpan ReadInboxItems { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>One kind of record a service deletes (or empties) once it has outlived its purpose.</summary>
public interface IRetentionRule<in TContext> where TContext : ServiceDbContext
{
    /// <summary>What it removes, for the log, e.g. <c>access-log</c>.</summary>
    string Name { get; }

    /// <returns>How many rows it deleted or emptied.</returns>
    Task<int> ApplyAsync(TContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// The service's one retention job: on a schedule it deletes remembered idempotent answers, sent events and whatever
/// the service's own <see cref="IRetentionRule{TContext}"/>s name, then (on SQLite, where <c>secure_delete</c> zeroes
/// the freed pages) checkpoints and truncates the write-ahead log, so deleted values leave the files too.
/// </summary>
public sealed partial class RetentionJob<TContext>(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob<TContext>> logger)
    : BackgroundService where TContext : ServiceDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Applies every rule once; returns how many rows each touched.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var periods = options.Value;
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var answeredBefore = now - periods.IdempotencyRecords;
        var sentBefore = now - periods.SentEvents;
        var counts = new Dictionary<string, int>
        {
            ["idempotency-records"] = await db.IdempotencyRecords.Where(r => r.CreatedAt < answeredBefore).ExecuteDeleteAsync(cancellationToken),
            ["sent-events"] = await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken),
        };
        foreach (var rule in scope.ServiceProvider.GetServices<IRetentionRule<TContext>>())
        {
            counts[rule.Name] = await rule.ApplyAsync(db, periods, now, cancellationToken);
        }

        if (db.IsSqlite)
        {
            await SqliteFiles.TruncateWriteAheadLogAsync(db, cancellationToken);
        }

        foreach (var (name, count) in counts.Where(c => c.Value > 0))
        {
            LogRemoved(name, count);
        }

        return counts;
    }

    [LoggerMessage(LogLevel.Information, "Retention: removed {Count} {Kind} past their period.")]
    private partial void LogRemoved(string kind, int count);

    [LoggerMessage(LogLevel.Error, "Retention: the job failed; it runs again at its next interval.")]
    private partial void LogFailed(Exception exception);
}

public static class RetentionExtensions
{
    /// <summary>The service's retention job, with the periods of configuration section <c>Retention</c>.</summary>
    public static IHostApplicationBuilder AddRetention<TContext>(this IHostApplicationBuilder builder) where TContext : ServiceDbContext
    {
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        builder.Services.AddSingleton<RetentionJob<TContext>>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RetentionJob<TContext>>());
        return builder;
    }
}
