using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Inbox;

/// <summary>
/// The base of every consumer: it records <c>(message id, consumer)</c> in the inbox in the same
/// transaction as the consumer's effect, so a redelivered message has no second effect. Events the
/// handler raises with <c>EnqueueEvent</c> are committed in that same transaction.
/// </summary>
/// <remarks>
/// Every message goes through <see cref="InboxBatcher{TContext}"/>: under load it shares its transaction with others
/// that arrived meanwhile, and its handler runs on a consumer of the same type resolved in the batch's scope, in a
/// savepoint of its own.
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
    /// A PDPA erasure: once its batch commits, SQLite's write-ahead log is checkpointed and truncated before the message
    /// is acknowledged, so the erased values leave the files now rather than at the retention job's next run
    /// (<c>secure_delete</c> zeroes the freed pages).
    /// </summary>
    protected virtual bool ErasesPersonalData => false;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id.");
        var consumer = ConsumerName;
        var batcher = context.TryGetPayload(out IServiceProvider? services) ? services.GetService<InboxBatcher<TContext>>() : null;
        if (batcher is null)
        {
            throw new InvalidOperationException(
                $"{GetType().Name} needs the inbox of {typeof(TContext).Name}: register its bus with AddMessaging.");
        }

        var handled = await batcher.HandleAsync(messageId, consumer, GetType(), ErasesPersonalData,
            (instance, token) => ((IdempotentConsumer<TMessage, TContext>)instance).HandleAsync(context, token), context.CancellationToken);
        if (!handled)
        {
            MessagingTelemetry.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
        }
    }

    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken);
}
