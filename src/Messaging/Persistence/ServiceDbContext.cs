using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

    /// <summary>
    /// While set (by the <c>Idempotency-Key</c> flow, through <see cref="TransactFromFirstWrite"/>), the first save opens a
    /// transaction that stays open for the flow to commit with its stored answer: the use case's reads before its
    /// first write run outside any transaction, so on SQLite they do not hold the process's write gate.
    /// </summary>
    public bool TransactsFromFirstWrite { get; private set; }

    /// <summary>Set while this context itself opens the first write's transaction (the guard lets that one through).</summary>
    internal bool OpeningFirstWriteTransaction { get; private set; }

    /// <summary>
    /// From now until the returned scope is disposed, the first write opens a transaction that the caller commits
    /// (<see cref="TransactsFromFirstWrite"/>). A write outside it (<c>ExecuteUpdate</c>, raw SQL) or a transaction begun
    /// any other way than <see cref="BeginTransactionUnlessHeldAsync"/> is refused: it would commit apart from the rest.
    /// </summary>
    public IDisposable TransactFromFirstWrite()
    {
        TransactsFromFirstWrite = true;
        return new FirstWriteScope(this);
    }

    /// <summary>
    /// For a use case that needs its transaction from a point on (to take a lock row first): begins one and returns it
    /// for the use case to commit, or returns null when a transaction is held already (the caller's), or when the
    /// <c>Idempotency-Key</c> flow holds this context (the transaction then begun is the flow's, which commits it).
    /// </summary>
    public async Task<IDbContextTransaction?> BeginTransactionUnlessHeldAsync(CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
        {
            return null;
        }

        if (TransactsFromFirstWrite)
        {
            await BeginFirstWriteTransactionAsync(cancellationToken);
            return null;
        }

        return await Database.BeginTransactionAsync(cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (TransactsFromFirstWrite && Database.CurrentTransaction is null)
        {
            OpeningFirstWriteTransaction = true;
            try
            {
                Database.BeginTransaction();
            }
            finally
            {
                OpeningFirstWriteTransaction = false;
            }
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (TransactsFromFirstWrite && Database.CurrentTransaction is null)
        {
            await BeginFirstWriteTransactionAsync(cancellationToken);
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private async Task BeginFirstWriteTransactionAsync(CancellationToken cancellationToken)
    {
        OpeningFirstWriteTransaction = true;
        try
        {
            await Database.BeginTransactionAsync(cancellationToken);
        }
        finally
        {
            OpeningFirstWriteTransaction = false;
        }
    }

    private sealed class FirstWriteScope(ServiceDbContext db) : IDisposable
    {
        public void Dispose() => db.TransactsFromFirstWrite = false;
    }

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
