using System.Globalization;
using System.Runtime.InteropServices;

namespace Municipal.Bench;

/// <summary>
/// CPU time (user + system) each process of the system has used so far, read from <c>/proc/&lt;pid&gt;/stat</c>; the
/// load generator is this process plus the children it has waited for (wrk), read with <c>getrusage</c>. Two snapshots
/// around a load step give what the step cost each process, whatever else the machine was doing meanwhile.
/// </summary>
internal static partial class Cpu
{
    /// <summary>The processes measured, found by a marker in their command line.</summary>
    public static readonly (string Name, string Marker)[] Processes =
    [
        ("gateway", "Municipal.Gateway"),
        ("communities", "Municipal.Communities"),
        ("scheduling", "Municipal.Scheduling"),
        ("requests", "Municipal.Requests"),
        ("notifications", "Municipal.Notifications"),
        ("rabbitmq", "beam.smp"),
        ("nginx", "nginx: "),
        ("ceiling", CeilingServer.Marker),
        ("bare yarp", BareProxy.Marker),
        ("submission floor", SubmissionFloor.Marker),
    ];

    public const string Load = "load generator";
    public const string Wrk = "wrk";

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU per process name (summed over replicas and workers), plus the load generator and wrk.</summary>
    public static Dictionary<string, double> Snapshot()
    {
        var result = Processes.ToDictionary(p => p.Name, _ => 0d);
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var match = Processes.FirstOrDefault(p => commandLine.Contains(p.Marker, StringComparison.Ordinal));
                if (match.Name is not null)
                {
                    result[match.Name] += Seconds(File.ReadAllText(Path.Combine(directory, "stat")));
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        result[Load] = Seconds(File.ReadAllText("/proc/self/stat"));
        result[Wrk] = Children();
        return result;
    }

    /// <summary>What each process used between two snapshots, in seconds.</summary>
    public static Dictionary<string, double> Between(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => Math.Max(0, a.Value - before.GetValueOrDefault(a.Key)));

    private static double Seconds(string stat)
    {
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static double Children()
    {
        if (GetRusage(-1, out var usage) != 0)
        {
            return 0;
        }

        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private readonly long _maxrss, _ixrss, _idrss, _isrss, _minflt, _majflt, _nswap, _inblock, _oublock, _msgsnd, _msgrcv, _nsignals, _nvcsw, _nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out RUsage usage);
}

/// <summary>CPU per operation of each process over one load step.</summary>
internal sealed record CpuCost(IReadOnlyDictionary<string, double> Seconds, double Operations)
{
    public static CpuCost Of(Dictionary<string, double> before, Dictionary<string, double> after, double operations) =>
        new(Cpu.Between(before, after), operations);

    /// <summary>Milliseconds of CPU per operation for one process (0 when it did not run).</summary>
    public double MsPerOperation(string process) => Operations <= 0 ? double.NaN : Seconds.GetValueOrDefault(process) * 1000 / Operations;

    public double MsPerOperation(params string[] processes) => processes.Sum(p => MsPerOperation(p));
}
