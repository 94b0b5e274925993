using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Inbox;

/// <summary>
/// The base of every consumer: it records <c>(message id, consumer)</c> in the inbox in the same
/// transaction as the consumer's effect, so a redelivered message has no second effect. Events the
/// handler raises with <c>EnqueueEvent</c> are committed in that same transaction.
/// </summary>
/// <remarks>
/// Under load the message shares its transaction with others that arrived meanwhile (<see cref="InboxBatcher{TContext}"/>):
/// the handler then runs on a consumer of the same type resolved in the batch's scope, in a savepoint of its own.
/// <see cref="HandleAsync"/> changes the context (and may run set-based updates); it must not commit
/// on its own. Two copies of one message racing each other: one commits, the other fails on the
/// inbox key, is retried, and then finds the record and does nothing.
/// </remarks>
public abstract class IdempotentConsumer<TMessage, TContext>(TContext db, TimeProvider time) : IConsumer<TMessage>
    where TMessage : class
    where TContext : ServiceDbContext
{
    protected TContext Db => db;

    protected TimeProvider Time => time;

    /// <summary>The name the inbox records this consumer under.</summary>
    protected virtual string ConsumerName => GetType().FullName!;

    /// <summary>
    /// A PDPA erasure: once it commits, SQLite's write-ahead log is checkpointed and truncated, so the erased values
    /// leave the files now rather than at the retention job's next run (<c>secure_delete</c> zeroes the freed pages).
    /// </summary>
    protected virtual bool ErasesPersonalData => false;

    /// <summary>
    /// Whether the message may share an inbox transaction with others (<see cref="InboxBatcher{TContext}"/>). An
    /// erasure runs alone, so that its write-ahead-log truncation follows its own commit at once.
    /// </summary>
    protected virtual bool Batched => !ErasesPersonalData;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id.");
        var cancellationToken = context.CancellationToken;
        var consumer = ConsumerName;

        if (Batched && context.TryGetPayload(out IServiceProvider? services) && services.GetService<InboxBatcher<TContext>>() is { } batcher)
        {
            var handled = await batcher.HandleAsync(messageId, consumer, GetType(),
                (instance, token) => ((IdempotentConsumer<TMessage, TContext>)instance).HandleAsync(context, token), cancellationToken);
            if (!handled)
            {
                MessagingTelemetry.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            }

            return;
        }

        if (await db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken))
        {
            MessagingTelemetry.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            return;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await HandleAsync(context, cancellationToken);
            db.InboxMessages.Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ProcessedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // Whatever the handler tracked belongs to the failed attempt; a retry starts clean.
            db.ChangeTracker.Clear();
            throw;
        }

        if (ErasesPersonalData && db.IsSqlite)
        {
            await SqliteFiles.TruncateWriteAheadLogAsync(db, cancellationToken);
        }
    }

    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken);
}
