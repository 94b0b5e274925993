using System.Threading.Channels;

namespace Municipal.Messaging.Signals;

/// <summary>
/// Wakes a background worker as soon as rows of <typeparamref name="TEntity"/> are committed, so the normal case
/// waits for no poll: the outbox relay (outbox rows) and the Notifications dispatcher (deliveries) use it.
/// Register it with <see cref="WakeOnCommitExtensions.AddWakeOnCommit{TContext, TEntity}"/>; the worker still polls
/// now and then, so a row committed by another replica is found too.
/// </summary>
public sealed class CommitSignal<TEntity> where TEntity : class
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>
    /// Waits for a notification or the timeout, whichever comes first. A timeout already past (a retry that fell due
    /// while the worker was busy) does not wait at all, but takes a pending notification with it.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _channel.Reader.TryRead(out _);
            return;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: time to poll.
        }
    }
}
