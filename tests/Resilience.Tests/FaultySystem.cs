using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Resilience.Tests;

/// <summary>
/// A system of its own for fault tests (faults would disturb other tests), with handles to stop and start
/// resources and to kill a service's process outright.
/// </summary>
public sealed class FaultySystem : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private FaultySystem(DistributedApplication app, string dataDirectory)
    {
        App = app;
        _dataDirectory = dataDirectory;
        Gateway = app.CreateHttpClient("gateway");
        Gateway.Timeout = TimeSpan.FromSeconds(60);
    }

    public DistributedApplication App { get; }

    public HttpClient Gateway { get; }

    /// <summary>Where the services keep their SQLite files (e.g. <c>schedulingdb.db</c>).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The whole system with <paramref name="replicas"/> replicas of every service behind the gateway.</summary>
    public static Task<FaultySystem> StartAsync(int replicas, params string[] extraArgs) =>
        StartAsync([$"Services:Replicas={replicas}", .. extraArgs]);

    public static async Task<FaultySystem> StartAsync(params string[] extraArgs)
    {
        var data = Path.Combine(Path.GetTempPath(), "municipal-faults", Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "Gateway:Port=0",
            "RabbitMq:Persistent=false",
            $"DataDirectory={data}",
            $"Auth:SigningKey={TestTokens.SigningKey}",
            "Settings:gateway:RateLimits:AnonymousPerWindow=100000000",
            "Settings:gateway:RateLimits:SignedInPerWindow=100000000",
            "Settings:gateway:RateLimits:SubmissionsSignedInPerWindow=100000000",
            "Settings:gateway:RateLimits:SubmissionsAnonymousPerWindow=100000000",
            .. extraArgs,
        ], timeout.Token);
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        return new FaultySystem(app, data);
    }

    /// <summary>Stops a resource the way an operator would (and waits until it has stopped).</summary>
    public async Task StopAsync(string resource)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(result.Success, result.Message);
    }

    /// <summary>Starts a stopped or killed resource and waits until it is healthy again.</summary>
    public async Task StartAsync(string resource)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, result.Message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>
    /// SIGKILL to every process of a resource (the orchestrator starts a project through <c>dotnet run</c>, so
    /// the service is a child of the recorded process): no shutdown, no flushing, as in a crash.
    /// </summary>
    public async Task KillAsync(string resource)
    {
        var pids = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == resource
                && update.Snapshot.Properties.FirstOrDefault(p => p.Name is "executable.pid" or "project.pid")?.Value is { } pid)
            {
                pids.Add(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture));
                break;
            }
        }

        Assert.NotEmpty(pids);
        foreach (var pid in pids)
        {
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }

        await App.ResourceNotifications.WaitForResourceAsync(resource, s => s.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart",
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    /// <summary>The broker's AMQP address, as the services get it.</summary>
    public async Task<Uri> BrokerAsync() =>
        new(await App.GetConnectionStringAsync("messaging") ?? throw new InvalidOperationException("No messaging connection string."));

    /// <summary>A request through the gateway as <paramref name="token"/>'s bearer, with an optional JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Gateway.SendAsync(request);
    }

    /// <summary>
    /// Collects the console log lines of every replica of <paramref name="resource"/> from now on (what the dashboard
    /// shows an operator), until <paramref name="stop"/> is cancelled.
    /// </summary>
    public ConcurrentQueue<string> WatchLogs(string resource, CancellationToken stop)
    {
        var lines = new ConcurrentQueue<string>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var target = model.Resources.Single(r => r.Name == resource);
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(target).WithCancellation(stop))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return lines;
    }

    public async Task<Guid> CommunityAsync()
    {
        var page = await Eventually.GetAsync(async () =>
        {
            var body = await Gateway.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1");
            return body.GetProperty("total").GetInt32() > 0 ? (JsonElement?)body : null;
        }, TimeSpan.FromSeconds(60), "the communities");
        var community = page!.Value.GetProperty("items")[0].GetProperty("id").GetGuid();
        await RequestsReadiness.KnowsCommunityAsync(Gateway, community);
        return community;
    }

    /// <summary>Submits a request as a resident; the answer's status and the request id (when created).</summary>
    public async Task<(int Status, Guid? Id)> SubmitAsync(Guid community, string subject, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = JsonContent.Create(new
            {
                communityId = community,
                category = "road",
                title,
                description = "ถนนเป็นหลุมเป็นบ่อ (fault test)",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(subject, ["resident"]));
        using var response = await Gateway.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, null);
        }

        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>How many inbox entries each request of the given subjects has.</summary>
    public async Task<Dictionary<Guid, int>> InboxCountsAsync(IEnumerable<string> subjects)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var subject in subjects)
        {
            for (var page = 1; ; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/notifications/inbox?page={page}&pageSize=100");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(subject, ["resident"]));
                using var response = await Gateway.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
                foreach (var link in items.Select(i => i.GetProperty("link").GetString()).Where(l => l?.StartsWith("/requests/", StringComparison.Ordinal) == true))
                {
                    var id = Guid.Parse(link!["/requests/".Length..]);
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }

                if (items.Count < 100)
                {
                    break;
                }
            }
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
