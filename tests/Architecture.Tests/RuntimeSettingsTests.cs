using System.Text.Json;

namespace Municipal.Architecture.Tests;

/// <summary>How every process of the system is told to run (its built runtimeconfig.json).</summary>
public sealed class RuntimeSettingsTests
{
    public static TheoryData<string> Processes => ["Communities", "Scheduling", "Requests", "Notifications", "Gateway", "Web"];

    /// <summary>
    /// Workstation GC everywhere: on 2 cores shared by every process, server GC held the event path seconds behind at
    /// 100 submissions/s (docs/benchmarks.md). The Web SDK turns server GC on unless the project says
    /// <c>ServerGarbageCollection</c> false; a misspelt property (it was <c>ServerGarbageCollector</c>) is silently ignored,
    /// so the built file is what is checked.
    /// </summary>
    [Theory]
    [MemberData(nameof(Processes))]
    public void Each_process_runs_with_workstation_garbage_collection(string project)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0/
        var file = Path.Combine(SourceTree.Src, project, "bin", configuration, "net10.0", $"Municipal.{project}.runtimeconfig.json");
        Assert.True(File.Exists(file), $"{file} is missing: build Municipal.sln ({configuration}) first.");

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.GC.Server", out var server), $"{file} does not say which GC to use.");
        Assert.False(server.GetBoolean(), $"{project} runs with server GC.");
    }

    /// <summary>
    /// The app host's work is the system's start: with the runtime's default (call counting 100 ms after the last new
    /// method), its tiered-compilation thread recompiled hot methods throughout the start, half of the app host's CPU then,
    /// on the two cores the broker and the services start on (docs/benchmarks.md, item 13).
    /// </summary>
    [Fact]
    public void The_app_host_leaves_tier_one_recompilation_until_the_system_has_started()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var file = Path.Combine(SourceTree.Src, "AppHost", "bin", configuration, "net10.0", "AppHost.runtimeconfig.json");
        Assert.True(File.Exists(file), $"{file} is missing: build Municipal.sln ({configuration}) first.");

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out var delay),
            $"{file} leaves call counting to the runtime's default (100 ms).");
        Assert.True(delay.GetInt32() >= 5000, $"Call counting starts {delay.GetInt32()} ms after the last new method; the system's start takes longer.");
    }
}
