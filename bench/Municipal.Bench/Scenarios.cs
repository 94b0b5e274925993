using Microsoft.Data.Sqlite;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Bench;

internal sealed record Settings(TimeSpan Round, int Rounds, TimeSpan RateStep, double[] Rates, TimeSpan SteadyDuration, TimeSpan WarmUp)
{
    public static Settings Full => new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromSeconds(60), [25, 50, 100, 150, 200, 300, 400, 600, 800], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

    public static Settings Quick => new(TimeSpan.FromSeconds(3), 2, TimeSpan.FromSeconds(8), [25, 50, 100, 200], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
}

/// <summary>
/// 1. The same read direct to the service, through the gateway, through nginx, and from the ceiling (a minimal endpoint
/// answering the same bytes from memory), alternating, in one run; the CPU each process spent per request.
/// </summary>
internal static class GatewayOverhead
{
    public const string Path = "/api/communities?pageSize=20";

    public sealed record Result(IReadOnlyList<(string Target, WrkResult Run, CpuCost Cost)> Runs)
    {
        public double Median(string target) => Runs.Where(r => r.Target == target).Select(r => r.Run.RequestsPerSecond).Order()
            .ElementAt(Runs.Count(r => r.Target == target) / 2);
    }

    public static async Task<Result> RunAsync(SystemUnderTest system, Settings settings)
    {
        var direct = new Uri(system.Service("communities"), Path);
        using var fetch = new HttpClient();
        using var sample = await fetch.GetAsync(direct);
        var body = await sample.Content.ReadAsByteArrayAsync();
        await using var nginx = await Nginx.StartAsync(system.Service("communities"));
        await using var ceiling = await CeilingServer.StartAsync(body, sample.Content.Headers.ContentType!.ToString());
        await using var bare = await BareProxy.StartAsync(system.Service("communities"));
        var targets = new (string Name, Uri Url)[]
        {
            ("direct", direct),
            ("gateway", new Uri(system.Gateway, Path)),
            ("nginx", new Uri(nginx.Url, Path)),
            ("bare yarp", new Uri(bare.Url, Path)),
            ("ceiling", new Uri(ceiling.Url, Path)),
        };

        foreach (var (_, url) in targets)
        {
            await Wrk.RunAsync(url, 8, TimeSpan.FromSeconds(2)); // warm up JIT and connection pools
        }

        var runs = new List<(string, WrkResult, CpuCost)>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var (name, url) in round % 2 == 0 ? targets : targets.Reverse())
            {
                var before = Cpu.Snapshot();
                var run = await Wrk.RunAsync(url, 32, settings.Round);
                runs.Add((name, run, CpuCost.Of(before, Cpu.Snapshot(), run.Requests)));
                Console.WriteLine($"  reads round {round + 1} {name}: {run.RequestsPerSecond:0} req/s");
            }
        }

        return new Result(runs);
    }
}

/// <summary>2 and 3: request intake through the gateway, and the time from its commit to the inbox entry.</summary>
internal static class Intake
{
    public static async Task<Guid> CommunityAsync(SystemUnderTest system)
    {
        using var client = new HttpClient { BaseAddress = system.Gateway };
        var page = await client.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1");
        var community = page.GetProperty("items")[0].GetProperty("id").GetGuid();
        // Requests takes requests only for communities it has heard of (CommunityRegistered, after start-up).
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var services = await client.GetStringAsync("/open311/v2/services/other.json");
            if (services.Contains(community.ToString(), StringComparison.Ordinal))
            {
                return community;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Requests never learned of the communities.");
    }

    public static HttpClient Client(SystemUnderTest system) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    {
        BaseAddress = system.Gateway,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The submission the bench sends, unsigned: the same JSON for the service and for the floor (item 16).</summary>
    public static HttpRequestMessage Submission(Guid community, string title) => new(HttpMethod.Post, "/api/requests")
    {
        Content = JsonContent.Create(new
        {
            communityId = community,
            category = "drainage",
            title,
            description = "ท่อระบายน้ำอุดตัน น้ำท่วมขังหน้าบ้าน (benchmark)",
            location = new { latitude = 16.4810, longitude = 99.5495 },
        }),
    };

    public static Func<int, HttpRequestMessage> Submissions(SystemUnderTest system, Guid community, string titlePrefix)
    {
        var tokens = Enumerable.Range(0, 50).Select(i => system.Token($"bench-resident-{i}", "resident")).ToArray();
        return i =>
        {
            var request = Submission(community, $"{titlePrefix} {i}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Length]);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // as the web client sends with every submission
            return request;
        };
    }

    /// <summary>Rising rates, each sustained, until p99 reaches 100 ms or requests fail.</summary>
    public static async Task<IReadOnlyList<LoadResult>> RisingRatesAsync(SystemUnderTest system, Settings settings)
    {
        var community = await CommunityAsync(system);
        using var client = Client(system);
        await OpenLoop.RunAsync(client, Submissions(system, community, "bench-warmup"), 50, settings.WarmUp); // JIT tier-up, pools
        await Task.Delay(TimeSpan.FromSeconds(5));
        var results = new List<LoadResult>();
        foreach (var rate in settings.Rates)
        {
            var before = Cpu.Snapshot();
            var result = await OpenLoop.RunAsync(client, Submissions(system, community, $"bench-intake-{rate}"), rate, settings.RateStep);
            result = result with { Cost = CpuCost.Of(before, Cpu.Snapshot(), result.Sent) };
            results.Add(result);
            Console.WriteLine($"  intake {rate}/s: achieved {result.AchievedRate:0.0}/s p50 {result.P50Ms:0.0} p99 {result.P99Ms:0.0} ms, failed {result.Failed}{(result.Failed > 0 ? $" ({result.FailureReasons})" : "")}");
            if (result.P99Ms >= 100 || result.Failed > result.Sent / 100 || result.AchievedRate < rate * 0.95)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // let the outbox and consumers catch up between steps
        }

        return results;
    }

    /// <param name="Lost">Submissions with no inbox entry for their submitter after three minutes.</param>
    /// <param name="Doubled">Submissions whose submitter got more than one inbox entry for them.</param>
    public sealed record EventLatency(LoadResult Load, int Delivered, int Lost, int Doubled, double P50Ms, double P99Ms, double MaxMs, CpuCost Cost);

    /// <summary>A steady 100 submissions a second; latency from the request's stored commit time to its inbox entry's.</summary>
    public static async Task<EventLatency> EventLatencyAsync(SystemUnderTest system, Settings settings)
    {
        var community = await CommunityAsync(system);
        using var client = Client(system);
        // Warm-up, not measured: the same load for a while, then until its events have all arrived. A freshly started
        // service spends most of its first minute's CPU in the JIT (tier-1 recompilation of what the load touches), which
        // is start-up's cost (scenario 5), not the pipeline's.
        var warmUp = $"bench-warmup-{Guid.NewGuid():N}";
        await OpenLoop.RunAsync(client, Submissions(system, community, warmUp), 100, settings.WarmUp);
        await DrainedAsync(system, warmUp, TimeSpan.FromMinutes(3));
        var prefix = $"bench-latency-{Guid.NewGuid():N}";
        var before = Cpu.Snapshot();
        var load = await OpenLoop.RunAsync(client, Submissions(system, community, prefix), 100, settings.SteadyDuration);

        var requestsDb = System.IO.Path.Combine(system.DataDirectory, "requestsdb.db");
        var notificationsDb = System.IO.Path.Combine(system.DataDirectory, "notificationsdb.db");
        var submitted = await QueryAsync(requestsDb, $"SELECT lower(Id), SubmittedAt FROM Requests WHERE Title LIKE '{prefix}%'");
        var deadline = Stopwatch.StartNew();
        Dictionary<string, (long First, int Count)> delivered;
        const string Entries = "SELECT Link, min(CreatedAt), count(*) FROM InboxItems WHERE Kind = 'request-submitted' AND RecipientSubject LIKE 'bench-resident-%' GROUP BY Link";
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            delivered = await EntriesAsync(notificationsDb, Entries);
        }
        while (submitted.Keys.Count(id => delivered.ContainsKey($"/requests/{id}")) < submitted.Count && deadline.Elapsed < TimeSpan.FromMinutes(3));

        var cost = CpuCost.Of(before, Cpu.Snapshot(), submitted.Count);
        var latencies = submitted
            .Where(s => delivered.ContainsKey($"/requests/{s.Key}"))
            .Select(s => TimeSpan.FromTicks(delivered[$"/requests/{s.Key}"].First - s.Value).TotalMilliseconds)
            .Order().ToArray();
        return new EventLatency(load, latencies.Length, submitted.Count - latencies.Length,
            submitted.Keys.Count(id => delivered.TryGetValue($"/requests/{id}", out var d) && d.Count > 1),
            OpenLoop.Percentile(latencies, 50), OpenLoop.Percentile(latencies, 99), latencies.Length == 0 ? double.NaN : latencies[^1], cost);
    }

    /// <summary>Waits until every submission whose title starts with the prefix has its submitter's inbox entry.</summary>
    private static async Task DrainedAsync(SystemUnderTest system, string prefix, TimeSpan limit)
    {
        var requestsDb = System.IO.Path.Combine(system.DataDirectory, "requestsdb.db");
        var notificationsDb = System.IO.Path.Combine(system.DataDirectory, "notificationsdb.db");
        var ids = (await QueryAsync(requestsDb, $"SELECT lower(Id), SubmittedAt FROM Requests WHERE Title LIKE '{prefix}%'")).Keys.ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var delivered = await EntriesAsync(notificationsDb,
                "SELECT Link, min(CreatedAt), count(*) FROM InboxItems WHERE Kind = 'request-submitted' GROUP BY Link");
            if (ids.All(id => delivered.ContainsKey($"/requests/{id}")))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task<Dictionary<string, (long, int)>> EntriesAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new Dictionary<string, (long, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2));
        }

        return result;
    }

    private static async Task<Dictionary<string, long>> QueryAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }
}

/// <summary>5. From the run command to the gateway's first healthy answer, as a developer starts it.</summary>
internal static class Startup
{
    public sealed record Result(TimeSpan TimeToHealthy, Dictionary<string, double> MemoryMiB);

    public static async Task<Result> MeasureAsync(string repository)
    {
        var gatewayPort = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "municipal-bench-start", Guid.NewGuid().ToString("N"));
        // What `./municipal run` starts after its build: the built app host itself (not `dotnet run`).
        var start = new ProcessStartInfo(Path.Combine(repository, "src", "AppHost", "bin", "Release", "net10.0", "AppHost"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repository,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                ["Gateway__Port"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RabbitMq__Persistent"] = "false",
                ["DataDirectory"] = data,
            },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        TimeSpan? healthy = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{gatewayPort}/health");
                if (response.IsSuccessStatusCode)
                {
                    healthy = clock.Elapsed;
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(5)); // settle before reading memory
        var memory = ProcessMemory.Snapshot();
        await Shell.RunAsync("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await process.WaitForExitAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        return new Result(healthy ?? TimeSpan.MaxValue, memory);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
