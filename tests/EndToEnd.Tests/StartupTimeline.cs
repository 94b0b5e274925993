using Aspire.Hosting.ApplicationModel;
using System.Diagnostics;
using System.Text;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// When each resource changed state or health while the system started, so a slow start says where its time went.
/// </summary>
public sealed class StartupTimeline
{
    private readonly List<string> _lines = [];

    public async Task RecordAsync(ResourceNotificationService notifications, Stopwatch clock, CancellationToken stop)
    {
        var last = new Dictionary<string, string>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stop))
            {
                var snapshot = update.Snapshot;
                var now = $"{snapshot.State?.Text ?? "-"} / {snapshot.HealthStatus?.ToString() ?? "-"}";
                if (last.GetValueOrDefault(update.ResourceId) == now)
                {
                    continue;
                }

                last[update.ResourceId] = now;
                lock (_lines)
                {
                    _lines.Add($"{clock.Elapsed.TotalSeconds,6:0.0} s  {update.ResourceId,-28} {now}");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return new StringBuilder().AppendJoin(Environment.NewLine, _lines).ToString();
        }
    }
}
