using System.Diagnostics;
using System.Globalization;

namespace Municipal.Bench;

/// <summary>
/// A yardstick in a process of its own: this bench's executable started in one of its serving modes
/// (<c>Municipal.Bench &lt;marker&gt; &lt;port&gt; &lt;arguments…&gt;</c>) on a free loopback port, with the GC setting of what it
/// is compared with; ready once it answers a GET of its probe path. Disposing it stops it and deletes its files.
/// </summary>
internal sealed class YardstickProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string[] _files;

    private YardstickProcess(Process process, Uri url, string[] files)
    {
        _process = process;
        Url = url;
        _files = files;
    }

    public Uri Url { get; }

    /// <param name="files">Files the yardstick uses that go with it (deleted with their <c>-wal</c> and <c>-shm</c> companions).</param>
    public static async Task<YardstickProcess> StartAsync(
        string marker, string gcServer, string probePath, IEnumerable<string> arguments, params string[] files)
    {
        var port = Nginx.FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(YardstickProcess).Assembly.Location, marker, port.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = gcServer },
        };

        var yardstick = new YardstickProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"), files);
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri(yardstick.Url, probePath));
                return yardstick;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        await yardstick.DisposeAsync();
        throw new InvalidOperationException($"The yardstick {marker} did not start.");
    }

    /// <summary>
    /// The GC a project is built with (its runtimeconfig.json), for a yardstick's process: it runs as what it is compared
    /// with.
    /// </summary>
    public static string GcServerOf(string project, string assembly)
    {
        var file = Path.Combine(Report.FindRepository(), "src", project, "bin", "Release", "net10.0", assembly + ".runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var server = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.Server").GetBoolean();
        return server ? "1" : "0";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        foreach (var file in _files.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
        {
            File.Delete(file);
        }
    }
}
