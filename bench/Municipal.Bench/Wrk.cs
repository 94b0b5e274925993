using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Municipal.Bench;

/// <summary>One closed-loop run of Debian's wrk and what it measured.</summary>
internal sealed record WrkResult(long Requests, long DurationUs, long Errors, long Non2xx, long P50Us, long P95Us, long P99Us)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1_000_000d);
}

internal static class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, int connections, TimeSpan duration, string? header = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "report.lua");
        string[] args =
        [
            "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script,
            .. header is null ? Array.Empty<string>() : ["-H", header],
            url.ToString(),
        ];
        var output = await Shell.RunAsync("wrk", args);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"wrk printed no result:{Environment.NewLine}{output}");
        return JsonSerializer.Deserialize<WrkResult>(json, JsonSerializerOptions.Web)!;
    }
}

/// <summary>Debian's nginx as a plain reverse proxy in front of one upstream: the yardstick for the gateway.</summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly string _directory;

    private Nginx(System.Diagnostics.Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public static async Task<Nginx> StartAsync(Uri upstream)
    {
        var directory = Path.Combine(Path.GetTempPath(), "municipal-bench-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        var port = FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process on;
            worker_processes auto;
            user root;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/tmp/body;
                proxy_temp_path {{directory}}/tmp/proxy;
                fastcgi_temp_path {{directory}}/tmp/fastcgi;
                uwsgi_temp_path {{directory}}/tmp/uwsgi;
                scgi_temp_path {{directory}}/tmp/scgi;
                upstream service { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://service;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                    }
                }
            }
            """);
        var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nginx", ["-c", config, "-p", directory])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var nginx = new Nginx(process, directory, port);
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri(nginx.Url, "/health"));
                return nginx;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("nginx did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Shell.RunAsync("kill", "-QUIT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _process.WaitForExitAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
