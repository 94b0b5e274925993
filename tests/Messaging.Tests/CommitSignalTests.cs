using Municipal.Messaging.Signals;

namespace Municipal.Messaging.Tests;

public sealed class CommitSignalTests
{
    private sealed class Row;

    [Fact]
    public async Task A_wait_whose_time_is_already_past_returns_at_once_instead_of_throwing()
    {
        // The relay waits until its retry is due; a publish that outlasted its back-off leaves that instant in the past.
        // Throwing here once stopped the whole service (a BackgroundService fault stops the host).
        var signal = new CommitSignal<Row>();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(-2.4), TimeProvider.System, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
    }

    [Fact]
    public async Task A_past_wait_takes_the_pending_notification_so_the_next_wait_sleeps_until_notified()
    {
        var signal = new CommitSignal<Row>();
        signal.Notify();

        await signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);
        var next = signal.WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None);

        Assert.False(next.IsCompleted);
        signal.Notify();
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
