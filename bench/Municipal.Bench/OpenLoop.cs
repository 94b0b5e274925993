using System.Diagnostics;

namespace Municipal.Bench;

/// <summary>What an open-loop run measured. Latency counts from when a request was due, not when it was sent,
/// so a system that falls behind shows it (no coordinated omission).</summary>
internal sealed record LoadResult(double TargetRate, double AchievedRate, int Sent, int Failed, double P50Ms, double P95Ms, double P99Ms)
{
    /// <summary>Why the failed ones failed: a status code or an exception's type, with how many (e.g. <c>502 ×2</c>).</summary>
    public string FailureReasons { get; init; } = "";

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
        var tasks = new List<Task<(double Ms, bool Ok, string? Why)>>();
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
        var reasons = Reasons(results.Where(r => !r.Ok).Select(r => r.Why));
        return new LoadResult(rate, results.Length / elapsed.TotalSeconds, results.Length, results.Count(r => !r.Ok),
            Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99)) { FailureReasons = reasons };
    }

    private static async Task<(double Ms, bool Ok, string? Why)> SendAsync(HttpClient client, HttpRequestMessage request, long due)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                return (Stopwatch.GetElapsedTime(due).TotalMilliseconds, response.IsSuccessStatusCode,
                    response.IsSuccessStatusCode ? null : Why(response));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Refused, reset or timed out: a failed request of this step, not the end of the scenario.
            return (Stopwatch.GetElapsedTime(due).TotalMilliseconds, false, Why(e));
        }
    }

    /// <summary>Why an answer is a failure: its status code.</summary>
    public static string Why(HttpResponseMessage response) => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why a request got no answer: the exception's type, and for a refused or reset connection what happened.</summary>
    public static string Why(Exception e) => e is HttpRequestException { HttpRequestError: var error } ? $"{e.GetType().Name} ({error})" : e.GetType().Name;

    /// <summary>The failures' reasons with how many of each (e.g. <c>502 ×2</c>), or empty.</summary>
    public static string Reasons(IEnumerable<string?> whys) =>
        string.Join(", ", whys.Where(w => w is not null).GroupBy(w => w).Select(g => $"{g.Key} ×{g.Count()}"));

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
