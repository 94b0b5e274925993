using Microsoft.Extensions.Diagnostics.HealthChecks;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Sending;

/// <summary>
/// Says which channels are on and which are off (and why) in the health details. A channel that is off
/// does not make the service unhealthy: its messages fall back to the in-app inbox.
/// </summary>
public sealed class ChannelsHealthCheck(IEnumerable<IChannelSender> senders) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { [Contracts.ChannelCodes.InApp] = "on: always" };
        foreach (var sender in senders.OrderBy(s => Channels.All.ToList().IndexOf(s.Channel)))
        {
            data[sender.Channel] = sender.State.Description;
        }

        var off = senders.Where(s => !s.State.IsConfigured).Select(s => s.Channel).ToList();
        var description = off.Count == 0
            ? "Every channel is configured."
            : $"Off (their messages go to the in-app inbox): {string.Join(", ", off)}.";
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
