using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Municipal.Bench;

/// <summary>docs/benchmarks.md: the figures of one run, the machine and the settings they came from.</summary>
internal sealed class Report(Settings settings, bool quick)
{
    public Startup.Result? Startup { get; set; }

    public Dictionary<string, double>? MemoryAfterStart { get; set; }

    public Dictionary<string, double>? MemoryAfterLoad { get; set; }

    public GatewayOverhead.Result? Overhead { get; set; }

    public IReadOnlyList<LoadResult>? Intake { get; set; }

    public Intake.EventLatency? Latency { get; set; }

    public RegistrationBurst.Result? Burst { get; set; }

    public static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Municipal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository.");
    }

    public async Task WriteAsync(string path)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(c, $"Written by `bench/run.sh` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(quick ? " (quick mode: short steps, indicative only)" : "")}. ")
          .AppendLine("Nothing here is a pass/fail test. These machines are noisy: every comparison below was measured in the same run, ")
          .AppendLine("alternating between the targets, and is reported as a ratio. Load comes from processes of its own on loopback ")
          .AppendLine("(wrk for closed-loop reads, the bench's open-loop generator for submissions).").AppendLine();

        md.AppendLine("## Machine and versions").AppendLine();
        md.AppendLine("| | |").AppendLine("| --- | --- |");
        md.AppendLine(c, $"| Cores | {Environment.ProcessorCount} |");
        md.AppendLine(c, $"| Memory | {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024d * 1024 * 1024):0.0} GiB |");
        md.AppendLine(c, $"| OS | {RuntimeInformation.OSDescription} |");
        md.AppendLine(c, $"| .NET | {RuntimeInformation.FrameworkDescription} |");
        md.AppendLine(c, $"| RabbitMQ | {await Version("dpkg-query", "-W", "-f=${Version}", "rabbitmq-server")} (Debian package, local process) |");
        md.AppendLine(c, $"| nginx | {(await Version("nginx", "-v")).Replace("nginx version: ", "")} |");
        md.AppendLine(c, $"| wrk | {(await Version("wrk", "-v")).Split('\n')[0]} |");
        md.AppendLine("| Stack | Aspire 13.6.5, MassTransit 8.5.12, YARP 2.3.0, EF Core 10.0.15 on SQLite, server GC (defaults) |");
        md.AppendLine(c, $"| Settings | reads: wrk 1 thread, 32 connections, {settings.Rounds} rounds of {settings.Round.TotalSeconds:0} s per target; intake steps of {settings.RateStep.TotalSeconds:0} s; steady run {settings.SteadyDuration.TotalSeconds:0} s |");
        md.AppendLine();

        if (Overhead is { } overhead)
        {
            md.AppendLine("## 1. Gateway overhead").AppendLine();
            md.AppendLine("`GET /api/communities?pageSize=20` (27 communities, anonymous) straight to the Communities service, through the ")
              .AppendLine("gateway (YARP, with its token check, rate limiter, path guard and access log), and through Debian's nginx as a plain ")
              .AppendLine("reverse proxy to the same service.").AppendLine();
            md.AppendLine("| Round | Target | req/s | p50 ms | p95 ms | p99 ms | errors |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            var round = 0;
            foreach (var (target, run) in overhead.Runs)
            {
                md.AppendLine(c, $"| {round / 3 + 1} | {target} | {run.RequestsPerSecond:0} | {run.P50Us / 1000d:0.00} | {run.P95Us / 1000d:0.00} | {run.P99Us / 1000d:0.00} | {run.Errors + run.Non2xx} |");
                round++;
            }

            var direct = overhead.Median("direct");
            var gateway = overhead.Median("gateway");
            var nginx = overhead.Median("nginx");
            md.AppendLine();
            md.AppendLine(c, $"Medians: direct {direct:0} req/s, gateway {gateway:0} req/s, nginx {nginx:0} req/s. ")
              .AppendLine(c, $"**gateway/direct = {gateway / direct:0.00}**, **gateway/nginx = {gateway / nginx:0.00}**.").AppendLine();
        }

        if (Intake is { Count: > 0 } intake)
        {
            md.AppendLine("## 2. Request intake").AppendLine();
            md.AppendLine("`POST /api/requests` through the gateway (a signed-in resident, JSON with a location), SQLite, each rate sustained ")
              .AppendLine("for the step's length; open loop, so latency counts from when each request was due.").AppendLine();
            md.AppendLine("| Target /s | Achieved /s | Sent | Failed | p50 ms | p95 ms | p99 ms |").AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in intake)
            {
                md.AppendLine(c, $"| {r.TargetRate:0} | {r.AchievedRate:0.0} | {r.Sent} | {r.Failed} | {r.P50Ms:0.0} | {r.P95Ms:0.0} | {r.P99Ms:0.0} |");
            }

            var best = intake.Where(r => r.P99Ms < 100 && r.Failed == 0).MaxBy(r => r.TargetRate);
            md.AppendLine();
            md.AppendLine(best is null
                ? "No step kept p99 under 100 ms."
                : string.Create(c, $"**Highest sustained rate with p99 under 100 ms: {best.TargetRate:0} submissions/s.**"));
            md.AppendLine();
        }

        if (Latency is { } latency)
        {
            md.AppendLine("## 3. Event latency").AppendLine();
            md.AppendLine("A steady 100 submissions/s; for each, the time from the request's commit (`Requests.SubmittedAt` in the Requests ")
              .AppendLine("database) to its inbox entry (`InboxItems.CreatedAt` in the Notifications database): outbox relay, RabbitMQ, consumer.").AppendLine();
            md.AppendLine("| Submitted | Achieved /s | Delivered | p50 ms | p99 ms | max ms |").AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            md.AppendLine(c, $"| {latency.Load.Sent - latency.Load.Failed} | {latency.Load.AchievedRate:0.0} | {latency.Delivered} | {latency.P50Ms:0.0} | {latency.P99Ms:0.0} | {latency.MaxMs:0.0} |");
            md.AppendLine();
        }

        if (Burst is { } burst)
        {
            md.AppendLine("## 4. Registration burst").AppendLine();
            md.AppendLine(c, $"{RegistrationBurst.People:N0} people (each created in the Communities registry and known to Scheduling) register for one ")
              .AppendLine(c, $"session of {RegistrationBurst.Seats} seats at the same moment through the gateway, one connection each. Time to settle: from ")
              .AppendLine("the start signal until the last of them has its answer (a registration is committed when answered); latency per answer ")
              .AppendLine(c, $"from the same signal. Preparing the people took {burst.Preparation.TotalSeconds:0} s (not measured here).").AppendLine();
            md.AppendLine("| Time to settle | Registrations/s | p50 ms | p95 ms | p99 ms | Confirmed | Waitlisted | Failed | Session's confirmed count |")
              .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            md.AppendLine(c, $"| {burst.TimeToSettle.TotalSeconds:0.00} s | {(burst.Confirmed + burst.Waitlisted) / burst.TimeToSettle.TotalSeconds:0} | {burst.P50Ms:0} | {burst.P95Ms:0} | {burst.P99Ms:0} | {burst.Confirmed} | {burst.Waitlisted} | {burst.Failed} | {burst.SessionConfirmed} |");
            md.AppendLine().AppendLine(burst.Confirmed == RegistrationBurst.Seats && burst.SessionConfirmed == RegistrationBurst.Seats
                ? string.Create(c, $"Exactly {RegistrationBurst.Seats} confirmed, by the answers and by the session.")
                : string.Create(c, $"**{burst.Confirmed} confirmed by the answers, {burst.SessionConfirmed} by the session: not exactly {RegistrationBurst.Seats}.**")).AppendLine();
        }

        if (Startup is { } startup)
        {
            md.AppendLine("## 5. Start-up and memory").AppendLine();
            md.AppendLine(c, $"From `dotnet run --project src/AppHost --no-build` (what `./municipal run` does after its build) to the gateway's first healthy answer: **{startup.TimeToHealthy.TotalSeconds:0.0} s**.").AppendLine();
            md.AppendLine("Resident memory (MiB):").AppendLine();
            md.AppendLine("| Process | After the run command | Load system after start | Load system after the load |").AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, _) in ProcessMemory.Processes)
            {
                md.AppendLine(c, $"| {name} | {startup.MemoryMiB.GetValueOrDefault(name):0} | {MemoryAfterStart?.GetValueOrDefault(name):0} | {MemoryAfterLoad?.GetValueOrDefault(name):0} |");
            }

            md.AppendLine();
        }

        md.AppendLine("Reproduce: `bench/run.sh` (installs wrk and nginx with apt when missing; about 15 minutes), or `bench/run.sh --quick`.");
        await File.WriteAllTextAsync(path, md.ToString());
    }

    private static async Task<string> Version(string file, params string[] args)
    {
        try
        {
            return (await Shell.RunAsync(file, args)).Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
