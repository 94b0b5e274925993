namespace Municipal.Messaging;

/// <summary>Opens once the broker holds every subscriber's queue and bindings; the outbox relay waits for it.</summary>
public sealed class TopologyReady
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void MarkReady() => _ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public bool HasSubscribers(Type messageType) => Subscriptions.HasSubscribers(messageType);
}
