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
}
