using System.Diagnostics;

namespace Municipal.Bench;

/// <summary>What an open-loop run measured. Latency counts from when a request was due, not when it was sent,
/// so a system that falls behind shows it (no coordinated omission).</summary>
internal sealed record LoadResult(double TargetRate, double AchievedRate, int Sent, int Failed, double P50Ms, double P95Ms, double P99Ms)
{
    /// <summary>What the step cost each process (set by the scenario that measures it).</summary>
    public CpuCost? Cost { get; init; }
}

/// <summary>Sends requests at a fixed rate whatever the answers do, like many independent people would.</summary>
internal static class OpenLoop
{
    public static async Task<LoadResult> RunAsync(HttpClient client, Func<int, HttpRequestMessage> request, double rate, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / rate;
        var tasks = new List<Task<(double Ms, bool Ok)>>();
        for (var i = 0; ; i++)
        {
            var due = start + (long)(i * interval);
            if (Stopwatch.GetElapsedTime(start, due) >= duration)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            tasks.Add(SendAsync(client, request(i), due));
        }

        var results = await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var latencies = results.Where(r => r.Ok).Select(r => r.Ms).Order().ToArray();
        return new LoadResult(rate, results.Length / elapsed.TotalSeconds, results.Length, results.Count(r => !r.Ok),
            Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99));
    }

    private static async Task<(double Ms, bool Ok)> SendAsync(HttpClient client, HttpRequestMessage request, long due)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                return (Stopwatch.GetElapsedTime(due).TotalMilliseconds, response.IsSuccessStatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Refused, reset or timed out: a failed request of this step, not the end of the scenario.
            return (Stopwatch.GetElapsedTime(due).TotalMilliseconds, false);
        }
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
