using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Signals;

namespace Municipal.Messaging.Persistence;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the service starts. On by default; production may run them beforehand instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// On SQLite, a migration lock older than this is a leftover of a process killed while migrating, and is removed
    /// (see <see cref="MigrationLock"/>). Keep it above the longest migration a replica may run.
    /// </summary>
    public TimeSpan MigrationLockStaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where SQLite files go when no connection string is given.</summary>
    public string? DataDirectory { get; set; }
}

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// Registers the service's one DbContext. Connection string <c>ConnectionStrings:{name}</c>; provider from
    /// <c>Database:Provider</c> (SQLite by default: a file under <c>.data/</c> when no connection string is given).
    /// Adds a readiness check, applies migrations on start, and wires the outbox.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : ServiceDbContext
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = PrepareSqlite(connectionString, options.DataDirectory ?? Path.Combine(builder.Environment.ContentRootPath, ".data"), name);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Database:Provider is SqlServer but ConnectionStrings:{name} is not set.");
        }

        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        builder.Services.AddSingleton<SqliteWriteGate>();
        // The options are built once, not for every context: a request, a consumed message and a relay round each make a
        // context, and building its options (cloning every extension) cost more CPU than a cached read's whole answer.
        // Everything they hold is a singleton (the provider settings, the write gate, the commit signals' interceptors).
        builder.Services.AddDbContext<TContext>((services, db) =>
        {
            Configure(db, options.Provider, connectionString!);
            // Migrating on start, EF Core would first rebuild the model of the latest migration's snapshot and compare it
            // with the running model, only to warn: each service's PersistenceTests make that comparison for both
            // providers before anything is built for release (Migrations.AssertInStep), so it is not paid at every start.
            db.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
            db.AddInterceptors(services.GetRequiredService<SqliteWriteGate>(), FirstWriteGuard.Instance);
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                db.AddInterceptors(SqliteFiles.ConnectionSetupInterceptor.Instance); // erased values linger neither in free pages nor in temporary files
            }
        }, contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddWakeOnCommit<TContext, OutboxMessage>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{name}-database", tags: ["ready"]);
        if (options.MigrateOnStart)
        {
            // Registered before the bus and the outbox relay, so both start on a migrated database.
            builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        }

        return builder;
    }

    /// <summary>The provider settings shared by the running service, its design-time factory and tests.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        _ = provider switch
        {
            DatabaseProvider.SqlServer => db.UseSqlServer(connectionString),
            _ => db.UseSqlite(connectionString),
        };
        db.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        return db;
    }

    private static string PrepareSqlite(string? connectionString, string dataDirectory, string name)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString)
            ? $"Data Source={Path.Combine(dataDirectory, name + ".db")}"
            : connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && !csb.DataSource.StartsWith(':') && !string.IsNullOrEmpty(csb.DataSource))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        // Writers queue up instead of failing at once with "database is locked".
        csb.DefaultTimeout = Math.Max(csb.DefaultTimeout, 30);
        return csb.ToString();
    }
}
