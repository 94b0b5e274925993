namespace Municipal.Notifications.Domain;

/// <summary>Where one delivery (one notice, one recipient, one channel) stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for the dispatcher (first try, or a retry after a transient failure).</summary>
    Pending,

    /// <summary>Held back by quiet hours; goes out when they end.</summary>
    Deferred,

    Sent,

    /// <summary>Every try failed, or the provider refused it for good. An admin may retry it.</summary>
    Failed,

    /// <summary>The channel is not configured; the notice went to another channel instead.</summary>
    FellBack,

    /// <summary>Not sent and never will be: the person was erased.</summary>
    Cancelled,
}
