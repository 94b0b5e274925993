using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// Keeps a use case run under the <c>Idempotency-Key</c> flow (<see cref="ServiceDbContext.TransactFromFirstWrite"/>)
/// from writing apart from the transaction the flow commits with its stored answer: a transaction begun directly, or a
/// statement that writes outside any transaction (<c>ExecuteUpdate</c>, raw SQL), is refused with the way to do it.
/// </summary>
public sealed class FirstWriteGuard : DbTransactionInterceptor, IDbCommandInterceptor
{
    public static readonly FirstWriteGuard Instance = new();

    private FirstWriteGuard()
    {
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        RefuseOwnTransaction(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        RefuseOwnTransaction(eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        RefuseLoneWrite(eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RefuseLoneWrite(eventData);
        return ValueTask.FromResult(result);
    }

    private static void RefuseOwnTransaction(TransactionStartingEventData eventData)
    {
        if (eventData.Context is ServiceDbContext { TransactsFromFirstWrite: true, OpeningFirstWriteTransaction: false })
        {
            throw new InvalidOperationException(
                "A use case run under an Idempotency-Key begins its transaction with ServiceDbContext.BeginTransactionUnlessHeldAsync, " +
                "so that its writes commit together with the stored answer.");
        }
    }

    private static void RefuseLoneWrite(CommandEventData eventData)
    {
        if (eventData.Context is ServiceDbContext { TransactsFromFirstWrite: true } db && db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                "A use case run under an Idempotency-Key writes outside SaveChanges only inside a transaction " +
                "(ServiceDbContext.BeginTransactionUnlessHeldAsync), so that the write commits together with the stored answer.");
        }
    }
}
