using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Municipal.Messaging.Idempotency;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Outbox;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// The base of each service's one DbContext: it holds the service's outbox and inbox tables, so an
/// event or an inbox record is saved in the same transaction as the change it belongs to, and it
/// applies the conventions that keep both providers behaving alike.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>The first answers to create requests that carried an <c>Idempotency-Key</c>.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    private bool? _isSqlite;

    /// <summary>Whether this context runs on SQLite (kept: EF reads the provider's name from its assembly every time).</summary>
    public bool IsSqlite => _isSqlite ??= Database.ProviderName == DatabaseProviders.SqliteName;

    /// <summary>This context's hold of the process's <see cref="SqliteWriteGate"/>, while it writes.</summary>
    internal IDisposable? WriteLease { get; set; }

    // A transaction disposed without commit or rollback ends unseen by the gate: give it back with the context,
    // after the context has rolled that transaction back.
    public override void Dispose()
    {
        try
        {
            base.Dispose();
        }
        finally
        {
            SqliteWriteGate.Exit(this);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            SqliteWriteGate.Exit(this);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        if (IsSqlite)
        {
            // SQLite has no date-time type: store instants as UTC ticks so that they compare and sort in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
