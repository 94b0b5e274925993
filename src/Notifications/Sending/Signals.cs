using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Municipal.Notifications.Sending;

/// <summary>
/// Tells open live streams (server-sent events) of an inbox that it changed: a new entry, or one read.
/// In-process only; streams also poll, so a change made by another replica shows up too.
/// </summary>
public sealed class InboxBroadcaster
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<bool>>> _listeners = new(StringComparer.Ordinal);

    public Subscription Subscribe(string owner)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _listeners.GetOrAdd(owner, _ => new()).TryAdd(id, channel);
        return new Subscription(channel.Reader, () =>
        {
            if (_listeners.TryGetValue(owner, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    public void Notify(string owner)
    {
        if (_listeners.TryGetValue(owner, out var set))
        {
            foreach (var channel in set.Values)
            {
                channel.Writer.TryWrite(true);
            }
        }
    }

    public sealed class Subscription(ChannelReader<bool> reader, Action unsubscribe) : IDisposable
    {
        /// <summary>Waits for a change or the timeout; true when something changed.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            using var timeoutSource = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
            try
            {
                await reader.ReadAsync(linked.Token);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => unsubscribe();
    }
}
