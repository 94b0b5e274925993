namespace Municipal.Messaging.Outbox;

/// <summary>Configuration section <c>Messaging:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for events without being woken (after a crash or an outage).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a relay holds the rows it claimed; another replica's relay may take them after that. A batch publishes
    /// for at most the first half less <see cref="PublishTimeout"/>; the second half is room for marking them sent,
    /// a write that may wait on SQLite's busy timeout when replicas share the file.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many publishes of a batch wait for the broker's confirm at once. One at a time, the confirm's round trip sets the
    /// pace (a few hundred events a second at best); rows of one ordering key still go one after the other.
    /// </summary>
    public int MaxPublishesInFlight { get; set; } = 32;

    /// <summary>How long one publish may wait for the broker's confirmation.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Failed attempts after which a row is parked (see <see cref="OutboxMessage.ParkedAt"/>). Failures while the broker
    /// is unreachable (a connection lost, a confirm that never came) never park a row: the broker is at fault, not the row.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Sent events are kept this long for investigation, then deleted.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox records are kept this long; a redelivery later than that would not be recognised.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Exponential back-off with a cap: 0.5 s, 1 s, 2 s … up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = FirstRetryDelay * Math.Pow(2, exponent);
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
