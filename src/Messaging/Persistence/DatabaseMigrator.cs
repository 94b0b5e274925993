using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Municipal.Messaging.Persistence;

/// <summary>Applies the service's migrations for the configured provider before anything else starts.</summary>
internal sealed partial class DatabaseMigrator<TContext>(
    IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : ServiceDbContext
{
    /// <summary>How often a start waiting for SQLite's migration lock looks whether the lock has gone stale.</summary>
    internal static readonly TimeSpan LockCheckInterval = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.IsSqlite)
        {
            // Write-ahead logging lets readers go on while one writer commits. The setting is kept in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (db.IsSqlite)
        {
            await MigrateBreakingStaleLocksAsync(db, scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System, cancellationToken);
        }
        else
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        LogMigrated(typeof(TContext).Name, db.Database.ProviderName, pending.Count);

        foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>())
        {
            try
            {
                await seeder.SeedAsync(db, cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                // Replicas starting on one empty database race to seed it, and the loser's rows clash with the
                // winner's on a unique key. Seeders add only what is missing, so a second pass finds the winner's
                // rows and adds nothing; anything else fails the second pass too and stops the start.
                db.ChangeTracker.Clear();
                LogSeedRaced(ex, seeder.GetType().Name);
                await seeder.SeedAsync(db, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates; meanwhile, on a connection of its own, removes a migration lock that has gone stale.</summary>
    private async Task MigrateBreakingStaleLocksAsync(TContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var watch = new SqliteConnection(db.Database.GetConnectionString());
        await watch.OpenAsync(cancellationToken);
        var staleAfter = options.Value.MigrationLockStaleAfter;
        var firstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (await MigrationLock.BreakIfStaleAsync(watch, staleAfter, time.GetUtcNow(), firstSeen, cancellationToken))
        {
            LogStaleLockRemoved(typeof(TContext).Name, staleAfter);
        }

        var migrate = db.Database.MigrateAsync(cancellationToken);
        while (!migrate.IsCompleted)
        {
            await Task.WhenAny(migrate, Task.Delay(LockCheckInterval, time, cancellationToken));
            if (!migrate.IsCompleted && await MigrationLock.BreakIfStaleAsync(watch, staleAfter, time.GetUtcNow(), firstSeen, cancellationToken))
            {
                LogStaleLockRemoved(typeof(TContext).Name, staleAfter);
            }
        }

        await migrate;
    }

    [LoggerMessage(LogLevel.Information, "{Context} on {Provider}: applied {Count} pending migration(s).")]
    private partial void LogMigrated(string context, string? provider, int count);

    [LoggerMessage(LogLevel.Warning, "{Context}: removed a migration lock older than {StaleAfter}, left by a process that stopped while migrating.")]
    private partial void LogStaleLockRemoved(string context, TimeSpan staleAfter);

    [LoggerMessage(LogLevel.Warning, "Seeding with {Seeder} clashed with another writer (a replica starting at the same time?); seeding again.")]
    private partial void LogSeedRaced(Exception ex, string seeder);
}

/// <summary>Fills an empty database with its starting data (e.g. the founding communities). Runs after migrations.</summary>
public interface IDatabaseSeeder<in TContext> where TContext : ServiceDbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}
