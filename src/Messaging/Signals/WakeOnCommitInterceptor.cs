using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Municipal.Messaging.Signals;

/// <summary>
/// Notices when a save adds rows of <typeparamref name="TEntity"/> and notifies its <see cref="CommitSignal{TEntity}"/>
/// once they are committed: right after <c>SaveChanges</c>, or after the enclosing transaction commits when there is one.
/// </summary>
public sealed class WakeOnCommitInterceptor<TEntity>(CommitSignal<TEntity> signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TEntity : class
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];
    private static readonly object Marker = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        MarkIfAdded(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        MarkIfAdded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => SignalIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SignalIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void MarkIfAdded(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<TEntity>().Any(e => e.State == EntityState.Added))
        {
            _pending.AddOrUpdate(context, Marker);
        }
    }

    private void SignalIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            SignalIfPending(context);
        }
    }

    private void SignalIfPending(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            signal.Notify();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}

public static class WakeOnCommitExtensions
{
    /// <summary>Adds a <see cref="CommitSignal{TEntity}"/> that rows of <typeparamref name="TEntity"/> saved through <typeparamref name="TContext"/> notify.</summary>
    public static IServiceCollection AddWakeOnCommit<TContext, TEntity>(this IServiceCollection services)
        where TContext : DbContext
        where TEntity : class
    {
        services.AddSingleton<CommitSignal<TEntity>>();
        services.AddSingleton<WakeOnCommitInterceptor<TEntity>>();
        services.ConfigureDbContext<TContext>(
            (provider, db) => db.AddInterceptors(provider.GetRequiredService<WakeOnCommitInterceptor<TEntity>>()), ServiceLifetime.Singleton);
        return services;
    }
}
