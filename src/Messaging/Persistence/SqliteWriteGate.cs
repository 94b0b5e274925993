using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using System.Data.Common;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// SQLite lets one writer in at a time. The others wait inside the driver, which sleeps a thread and retries, so
/// a busy service (100 submissions a second, the outbox relay, the consumers) loses its threads to sleeping
/// writers and everything else in the process starves with them: the relay's publisher confirms time out, events
/// lag by minutes. This gate queues the process's own writers asynchronously instead: a transaction, or a
/// statement outside one, waits here for the one before it to end. Writers in other processes (replicas, tools)
/// still meet SQLite's busy timeout. On SQL Server the gate is open; row locks order the writers there.
/// </summary>
/// <remarks>
/// Correctness never rests on the gate: it only takes waiting off the threads. A context holds it from the start
/// of its transaction to the commit or rollback (or until the transaction is disposed and its connection closed),
/// and gives it back when disposed in any case. A writer that
/// waits longer than <see cref="MaxWait"/> (a transaction held open by something that will not end it soon) goes
/// ahead without it and meets SQLite's own waiting, as it would have without the gate.
/// </remarks>
public sealed partial class SqliteWriteGate(ILogger<SqliteWriteGate> logger)
    : IDbTransactionInterceptor, IDbCommandInterceptor, ISaveChangesInterceptor, IDbConnectionInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>How long a writer waits for the gate before going ahead without it.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether some context in this process holds the gate now.</summary>
    public bool IsHeld => _gate.CurrentCount == 0;

    // A save is always one transaction on SQLite, so that the gate covers it (EF skips the transaction for a
    // save that is a single batch, which would then wait in the driver).
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AlwaysTransact(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AlwaysTransact(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A save that fails in a transaction of its own ends that transaction unseen (EF disposes it): give the gate back.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => ExitOutsideTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitOutsideTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (an early return, an exception) is ended unseen, but EF
    // then closes the connection it opened for it: no transaction and a closed connection means no writer.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => ExitOutsideTransaction(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        ExitOutsideTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (Gated(eventData.Context) is { } db)
        {
            Enter(db);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        if (Gated(eventData.Context) is { } db)
        {
            await EnterAsync(db, cancellationToken);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ExitUnlessSavepoint(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitUnlessSavepoint(eventData);
        return Task.CompletedTask;
    }

    // A write outside a transaction (ExecuteUpdate, ExecuteDelete, raw SQL) holds the gate for its one statement.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (GatedOutsideTransaction(eventData.Context) is { } db)
        {
            Enter(db);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (GatedOutsideTransaction(eventData.Context) is { } db)
        {
            await EnterAsync(db, cancellationToken);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ExitOutsideTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ExitOutsideTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ExitOutsideTransaction(eventData.Context);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitOutsideTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => ExitOutsideTransaction(eventData.Context);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitOutsideTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Gives the gate back if <paramref name="db"/> holds it (its transaction ended unseen, or it is being disposed).</summary>
    internal static void Exit(DbContext? db)
    {
        if (db is ServiceDbContext service && service.WriteLease is { } lease)
        {
            service.WriteLease = null;
            lease.Dispose();
        }
    }

    private static ServiceDbContext? Gated(DbContext? context) =>
        context is ServiceDbContext { IsSqlite: true, WriteLease: null } db ? db : null;

    private static ServiceDbContext? GatedOutsideTransaction(DbContext? context) =>
        Gated(context) is { } db && db.Database.CurrentTransaction is null ? db : null;

    private static void AlwaysTransact(DbContext? context)
    {
        if (context is ServiceDbContext { IsSqlite: true } db && db.Database.CurrentTransaction is null)
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private void Enter(ServiceDbContext db) => Hold(db, _gate.Wait(MaxWait));

    private async ValueTask EnterAsync(ServiceDbContext db, CancellationToken cancellationToken) =>
        Hold(db, await _gate.WaitAsync(MaxWait, cancellationToken));

    private void Hold(ServiceDbContext db, bool entered)
    {
        if (entered)
        {
            db.WriteLease = new Lease(_gate);
        }
        else
        {
            LogWentAhead(db.GetType().Name, MaxWait);
        }
    }

    private static void ExitOutsideTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Exit(context);
        }
    }

    private static void ExitUnlessSavepoint(TransactionErrorEventData eventData)
    {
        // A failed savepoint leaves the transaction going; a failed commit or rollback ends it.
        if (!eventData.Action.Contains("Savepoint", StringComparison.OrdinalIgnoreCase))
        {
            Exit(eventData.Context);
        }
    }

    /// <summary>One hold of the gate, released once.</summary>
    internal sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "A {Context} writer waited {MaxWait} for the SQLite write gate and goes ahead without it; something holds a transaction open.")]
    private partial void LogWentAhead(string context, TimeSpan maxWait);
}
