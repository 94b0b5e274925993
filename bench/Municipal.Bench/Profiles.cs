using System.Diagnostics;

namespace Municipal.Bench;

/// <summary>
/// With <c>--profile</c>: samples the named processes with <c>dotnet-trace</c> (a dotnet tool from NuGet:
/// <c>dotnet tool install -g dotnet-trace</c>) while a scenario runs, and writes each trace's heaviest functions to
/// <c>bench/profiles/</c> (the traces themselves, <c>.nettrace</c>, open in PerfView or speedscope).
/// </summary>
internal sealed class Profiles(string repository, bool enabled)
{
    private static readonly string Tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");

    public async Task<IAsyncDisposable> DuringAsync(string scenario, TimeSpan duration, params string[] processes)
    {
        if (!enabled || !File.Exists(Tool))
        {
            return new Nothing();
        }

        var folder = Path.Combine(repository, "bench", "profiles");
        Directory.CreateDirectory(folder);
        var runs = new List<(string Trace, Task Run)>();
        foreach (var name in processes)
        {
            var marker = Cpu.Processes.First(p => p.Name == name).Marker;
            var pid = Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(d => d.All(char.IsAsciiDigit))
                .FirstOrDefault(d => { try { return File.ReadAllText($"/proc/{d}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal); } catch (IOException) { return false; } });
            if (pid is null)
            {
                continue;
            }

            var trace = Path.Combine(folder, $"{scenario}-{name}.nettrace");
            runs.Add((trace, Shell.RunAsync(Tool, "collect", "-p", pid, "--profile", "dotnet-sampled-thread-time",
                "--duration", $"00:00:{(int)duration.TotalMinutes:00}:{duration.Seconds:00}", "-o", trace)));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        return new Collecting(runs);
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Collecting(List<(string Trace, Task Run)> runs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var (trace, run) in runs)
            {
                await run;
                if (File.Exists(trace))
                {
                    var report = await Shell.RunAsync(Tool, "report", trace, "topN", "-n", "60", "--inclusive");
                    await File.WriteAllTextAsync(Path.ChangeExtension(trace, ".top.txt"), report);
                    Console.WriteLine($"  profile: {Path.ChangeExtension(trace, ".top.txt")}");
                }
            }
        }
    }
}
