using Microsoft.EntityFrameworkCore.Storage;

namespace Municipal.Scheduling.Infrastructure;

/// <summary>
/// SQLite lets one writer in at a time; the others wait inside the driver, each holding a thread while it
/// sleeps and retries. When hundreds of people register at once that starves the thread pool. On SQLite this
/// gate queues the service's own write transactions asynchronously, so at most one of them waits on the file;
/// writers in other processes (replicas) still meet SQLite's busy timeout. On SQL Server the gate is open:
/// row locks order the writers there. Correctness never rests on the gate: the conditional UPDATEs do that.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _sqlite = new(1, 1);

    public async Task<WriteTransaction> BeginAsync(SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var gated = db.IsSqlite;
        if (gated)
        {
            await _sqlite.WaitAsync(cancellationToken);
        }

        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(cancellationToken), gated ? _sqlite : null);
        }
        catch
        {
            if (gated)
            {
                _sqlite.Release();
            }

            throw;
        }
    }
}

/// <summary>A database transaction that also holds the <see cref="WriteGate"/> until it ends.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim? gate) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            gate?.Release();
        }
    }
}
