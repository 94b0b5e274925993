using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Persistence;
using System.Diagnostics;
using System.Threading.Channels;

namespace Municipal.Messaging.Inbox;

/// <summary>Configuration section <c>Messaging:Inbox</c>.</summary>
public sealed class InboxOptions
{
    /// <summary>
    /// The most messages one inbox transaction takes; 1 gives every message a transaction of its own. Messages are
    /// never held back to fill a batch: a batch is whatever arrived while the one before it was committing.
    /// </summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>How many messages the service's receive endpoint takes from the broker at once (prefetch and concurrency).</summary>
    public int Concurrency { get; set; } = 64;
}

/// <summary>
/// Group commit for the inbox: the messages a service's consumers receive while its database is busy with the
/// previous batch are handled together, in one transaction with one inbox look-up, instead of one transaction
/// each. On SQLite every transaction is a trip through the one-writer gate, a write-ahead-log commit and EF's
/// per-transaction work; under a fan-out (a CSV import, a session's invitations) that was most of a consumer's cost.
/// </summary>
/// <remarks>
/// <para>What stays as it was for each message: it is handled at most once (its inbox row is written in the same
/// transaction as its effect); its handler runs with its own consume span as the current activity, so the events it
/// raises carry the message's trace; its outcome is its own. Each message runs inside a savepoint: one that fails is
/// rolled back alone and its exception goes back to its own consume pipeline (retry, redelivery, parking), while the
/// others in the batch commit. A failure of the batch itself (its begin or its commit) fails every message in it,
/// and each is retried on its own.</para>
/// <para>Each message's changes are saved (inside the batch's transaction) before the next one runs and the change
/// tracker is cleared, so a handler sees what an earlier message in the batch wrote, as it would have one message
/// later, and a batch costs what its messages cost, not the square of it.</para>
/// </remarks>
public sealed partial class InboxBatcher<TContext> : IAsyncDisposable
    where TContext : ServiceDbContext
{
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly Lazy<Task> _loop;

    public InboxBatcher(IServiceScopeFactory scopes, IOptions<InboxOptions> options, ILogger<InboxBatcher<TContext>> logger, TimeProvider? time = null)
    {
        _scopes = scopes;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _batchSize = Math.Max(1, options.Value.BatchSize);
        _loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Messages waiting for the next batch.</summary>
    internal int Waiting => _queue.Reader.Count;

    /// <summary>Messages handed to the batcher so far.</summary>
    internal int Received => Volatile.Read(ref _received);

    private int _received;

    /// <summary>Inbox transactions committed so far.</summary>
    internal int Commits => Volatile.Read(ref _commits);

    private int _commits;

    /// <summary>
    /// Handles one message in the next batch: <paramref name="handle"/> is called with the consumer of type
    /// <paramref name="consumerType"/> resolved from the batch's scope (so it works on the batch's context). Answers
    /// false when the inbox had already recorded the message for this consumer (nothing was done). When
    /// <paramref name="erasesPersonalData"/>, the answer waits until the batch's commit has also left SQLite's
    /// write-ahead log (<see cref="SqliteFiles.TruncateWriteAheadLogAsync"/>), so the erased values are out of the files.
    /// </summary>
    public Task<bool> HandleAsync(
        Guid messageId, string consumer, Type consumerType, bool erasesPersonalData, Func<object, CancellationToken, Task> handle,
        CancellationToken cancellationToken)
    {
        var work = new Work(messageId, consumer, consumerType, erasesPersonalData, handle, Activity.Current, cancellationToken);
        if (_stopping.IsCancellationRequested || !_queue.Writer.TryWrite(work))
        {
            throw new OperationCanceledException("The inbox is stopping.");
        }

        Interlocked.Increment(ref _received);
        _ = _loop.Value;
        return work.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop.IsValueCreated)
        {
            try
            {
                await _loop.Value;
            }
            catch (OperationCanceledException)
            {
            }
        }

        while (_queue.Reader.TryRead(out var work))
        {
            work.Done.TrySetCanceled();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<Work>(_batchSize);
        while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
        {
            batch.Clear();
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var work))
            {
                if (work.CancellationToken.IsCancellationRequested)
                {
                    work.Done.TrySetCanceled(work.CancellationToken);
                }
                else
                {
                    batch.Add(work);
                }
            }

            if (batch.Count > 0)
            {
                await HandleBatchAsync(batch);
            }
        }
    }

    private async Task HandleBatchAsync(List<Work> batch)
    {
        var fates = new MessageFate[batch.Count];
        var failures = new Exception?[batch.Count];
        var cancellationToken = _stopping.Token;
        using var span = MessagingTelemetry.Source.StartActivity(
            ActivityKind.Internal, parentContext: default,
            links: batch.Where(w => w.Activity is not null).Select(w => new ActivityLink(w.Activity!.Context)),
            name: "inbox batch");
        span?.SetTag("messaging.batch.message_count", batch.Count);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            db.Database.AutoSavepointsEnabled = false; // each message has its own, below
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            var ids = batch.Select(w => w.MessageId).Distinct().ToList();
            var recorded = (await db.InboxMessages.AsNoTracking()
                    .Where(m => ids.Contains(m.MessageId))
                    .Select(m => new { m.MessageId, m.Consumer })
                    .ToListAsync(cancellationToken))
                .Select(m => (m.MessageId, m.Consumer))
                .ToHashSet();

            for (var i = 0; i < batch.Count; i++)
            {
                var work = batch[i];
                if (!recorded.Add((work.MessageId, work.Consumer)))
                {
                    fates[i] = MessageFate.AlreadyHandled;
                    continue;
                }

                await transaction.CreateSavepointAsync("message", cancellationToken);
                var outer = Activity.Current;
                Activity.Current = work.Activity; // the message's consume span: its events carry its trace
                try
                {
                    var consumer = ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, work.ConsumerType);
                    await work.Handle(consumer, work.CancellationToken);
                    db.InboxMessages.Add(new InboxMessage { MessageId = work.MessageId, Consumer = work.Consumer, ProcessedAt = _time.GetUtcNow() });
                    await db.SaveChangesAsync(work.CancellationToken);
                    await transaction.ReleaseSavepointAsync("message", cancellationToken);
                    fates[i] = MessageFate.Handled;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    await transaction.RollbackToSavepointAsync("message", cancellationToken);
                    await transaction.ReleaseSavepointAsync("message", cancellationToken);
                    fates[i] = MessageFate.Failed;
                    failures[i] = ex;
                    recorded.Remove((work.MessageId, work.Consumer)); // a second copy later in the batch may still try
                }
                finally
                {
                    Activity.Current = outer;
                    db.ChangeTracker.Clear();
                }
            }

            await transaction.CommitAsync(cancellationToken);
            Interlocked.Increment(ref _commits);
            await TruncateAfterErasureAsync(db, batch, fates, cancellationToken);
        }
        catch (Exception ex)
        {
            // Nothing of the batch was committed: every message fails with it and is retried on its own.
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogBatchFailed(ex, batch.Count);
            foreach (var work in batch)
            {
                if (ex is OperationCanceledException)
                {
                    work.Done.TrySetCanceled();
                }
                else
                {
                    work.Done.TrySetException(ex);
                }
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            switch (fates[i])
            {
                case MessageFate.Handled:
                    batch[i].Done.TrySetResult(true);
                    break;
                case MessageFate.AlreadyHandled:
                    batch[i].Done.TrySetResult(false);
                    break;
                default:
                    batch[i].Done.TrySetException(failures[i]!);
                    break;
            }
        }
    }

    /// <summary>
    /// After a committed batch that erased someone: SQLite's write-ahead log is checkpointed and truncated, so the erased
    /// values leave the files before the erasure is acknowledged. The batch is committed whatever happens here.
    /// </summary>
    private async Task TruncateAfterErasureAsync(TContext db, List<Work> batch, MessageFate[] fates, CancellationToken cancellationToken)
    {
        if (!db.IsSqlite || !batch.Where((work, i) => work.ErasesPersonalData && fates[i] == MessageFate.Handled).Any())
        {
            return;
        }

        try
        {
            if (!await SqliteFiles.TruncateWriteAheadLogAsync(db, cancellationToken))
            {
                LogWriteAheadLogNotTruncated(null);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteAheadLogNotTruncated(ex);
        }
    }

    private enum MessageFate
    {
        Failed,
        Handled,
        AlreadyHandled,
    }

    private sealed record Work(
        Guid MessageId, string Consumer, Type ConsumerType, bool ErasesPersonalData, Func<object, CancellationToken, Task> Handle,
        Activity? Activity, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(LogLevel.Warning, "An inbox batch of {Count} messages failed as a whole; each is retried on its own.")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "An erasure committed, but SQLite's write-ahead log was not truncated after it; the retention job's next run truncates it.")]
    private partial void LogWriteAheadLogNotTruncated(Exception? exception);
}
