using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Sending;

/// <summary>Sends deliveries over one outside channel (e-mail, LINE, SMS). The in-app inbox is written by the dispatcher itself.</summary>
public interface IChannelSender
{
    string Channel { get; }

    /// <summary>Whether credentials are configured, and what an operator should know (never a secret).</summary>
    ChannelState State { get; }

    Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken);
}

public sealed record ChannelState(bool IsConfigured, string Description)
{
    public static ChannelState Off(string why) => new(false, $"off: {why}");

    public static ChannelState On(string what) => new(true, $"on: {what}");
}

/// <summary>What a provider said. A transient failure is tried again later; a permanent one is not.</summary>
public sealed record SendResult(bool Succeeded, bool Permanent, string? Error, string? ProviderMessageId)
{
    public static SendResult Sent(string? providerMessageId) => new(true, false, null, providerMessageId);

    public static SendResult Transient(string error) => new(false, false, error, null);

    public static SendResult Refused(string error) => new(false, true, error, null);
}
