using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Municipal.Bench;

/// <summary>docs/benchmarks.md: the figures of one run, the machine and the settings they came from.</summary>
internal sealed class Report(Settings settings, bool quick)
{
    /// <summary>The start-ups measured, in order (one per round).</summary>
    public List<Startup.Result> Startups { get; } = [];

    public Dictionary<string, double>? MemoryAfterStart { get; set; }

    public Dictionary<string, double>? MemoryAfterLoad { get; set; }

    public GatewayOverhead.Result? Overhead { get; set; }

    public IReadOnlyList<LoadResult>? Intake { get; set; }

    public Intake.EventLatency? Latency { get; set; }

    public RegistrationBurst.Bursts? Burst { get; set; }

    public SqliteCeiling.Result? IntakeCeiling { get; set; }

    public IReadOnlyList<SubmissionFloor.Step>? IntakeFloor { get; set; }

    public FanOut.Result? FanOut { get; set; }

    /// <summary>Scenarios that failed in this run, with why.</summary>
    public List<(string Scenario, string Error)> Failures { get; } = [];

    /// <summary>The processes whose CPU per operation the tables show, in order.</summary>
    private static readonly string[] Services = ["gateway", "communities", "scheduling", "requests", "notifications", "rabbitmq", Cpu.Load];

    private static string CpuHeader(IEnumerable<string> processes) => string.Concat(processes.Select(p => $" {p} |"));

    private static string CpuAlign(IEnumerable<string> processes) => string.Concat(processes.Select(_ => " ---: |"));

    private static string CpuCells(CpuCost? cost, IEnumerable<string> processes) =>
        string.Concat(processes.Select(p => cost is null ? " |" : string.Create(CultureInfo.InvariantCulture, $" {cost.MsPerOperation(p):0.000} |")));

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
        md.AppendLine("| Stack | Aspire 13.6.5, MassTransit 8.5.12, YARP 2.3.0, EF Core 10.0.15 on SQLite, workstation GC in every process, Release builds |");
        md.AppendLine(c, $"| Settings | reads: wrk 1 thread, 32 connections, {settings.Rounds} rounds of {settings.Round.TotalSeconds:0} s per target; intake steps of {settings.RateStep.TotalSeconds:0} s; steady run {settings.SteadyDuration.TotalSeconds:0} s; before the intake steps and the steady run, a warm-up of {settings.WarmUp.TotalSeconds:0} s of the same load that is not measured (a started service JITs what the load touches for its first minute: start-up cost, measured in 6) |");
        md.AppendLine("| CPU | per operation, from `/proc/<pid>/stat` (user + system) of each process over the step; the load generator is the bench process (which also hosts the app host) or wrk (`getrusage` of its children) |");
        md.AppendLine();

        if (Overhead is { } overhead)
        {
            md.AppendLine("## 1. Reads").AppendLine();
            md.AppendLine(c, $"`GET {GatewayOverhead.Path}` (27 communities, anonymous) straight to the Communities service, through the ")
              .AppendLine("gateway (YARP, with its token check, rate limiter, path guard and access log), through Debian's nginx as a plain ")
              .AppendLine("reverse proxy to the same service, through **bare YARP** (the gateway's YARP version with one catch-all route and ")
              .AppendLine("nothing else: no middleware, logging or telemetry; the yardstick for what YARP itself costs here), and from the ")
              .AppendLine("**ceiling**: a minimal ASP.NET Core endpoint in a process of its own answering the same bytes from memory. CPU in ")
              .AppendLine("milliseconds per request.").AppendLine();
            string[] readers = ["gateway", "communities", "nginx", "bare yarp", "ceiling", Cpu.Wrk];
            var targets = overhead.Runs.Select(r => r.Target).Distinct().Count();
            md.AppendLine("| Round | Target | req/s | p50 ms | p99 ms | errors |" + CpuHeader(readers)).AppendLine("| --- | --- | ---: | ---: | ---: | ---: |" + CpuAlign(readers));
            var round = 0;
            foreach (var (target, run, cost) in overhead.Runs)
            {
                md.AppendLine(c, $"| {round / targets + 1} | {target} | {run.RequestsPerSecond:0} | {run.P50Us / 1000d:0.00} | {run.P99Us / 1000d:0.00} | {run.Errors + run.Non2xx} |{CpuCells(cost, readers)}");
                round++;
            }

            var direct = overhead.Median("direct");
            var gateway = overhead.Median("gateway");
            var nginx = overhead.Median("nginx");
            var ceiling = overhead.Median("ceiling");
            var bare = overhead.Median("bare yarp");
            md.AppendLine();
            md.AppendLine(c, $"Medians: ceiling {ceiling:0} req/s, direct {direct:0}, gateway {gateway:0}, nginx {nginx:0}, bare YARP {bare:0}. ")
              .AppendLine(c, $"**service/ceiling = {direct / ceiling:0.00}** (goal ≥ 0.6), **gateway/direct = {gateway / direct:0.00}** (goal ≥ 0.9), ")
              .AppendLine(c, $"**gateway/nginx = {gateway / nginx:0.00}** (goal ≥ 1.0). ")
              .AppendLine(c, $"Yardsticks: nginx/direct = {nginx / direct:0.00}, bare YARP/direct = {bare / direct:0.00}, bare YARP/nginx = {bare / nginx:0.00}, ")
              .AppendLine(c, $"gateway/bare YARP = {gateway / bare:0.00}.").AppendLine();
        }

        if (Intake is { Count: > 0 } intake)
        {
            md.AppendLine("## 2. Submissions").AppendLine();
            md.AppendLine("`POST /api/requests` through the gateway (a signed-in resident, JSON with a location, a fresh `Idempotency-Key` as the ")
              .AppendLine("web client sends with every submission), SQLite, each rate sustained ")
              .AppendLine("for the step's length; open loop, so latency counts from when each request was due. CPU in milliseconds per ")
              .AppendLine("submission (the events it raises are consumed meanwhile, so Notifications and the broker show up too).").AppendLine();
            md.AppendLine("| Target /s | Achieved /s | Sent | Failed | p50 ms | p99 ms |" + CpuHeader(Services)).AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |" + CpuAlign(Services));
            foreach (var r in intake)
            {
                md.AppendLine(c, $"| {r.TargetRate:0} | {r.AchievedRate:0.0} | {r.Sent} | {r.Failed}{(r.Failed > 0 ? $" ({r.FailureReasons})" : "")} | {r.P50Ms:0.0} | {r.P99Ms:0.0} |{CpuCells(r.Cost, Services)}");
            }

            var best = intake.Where(r => r.P99Ms <= 100 && r.Failed == 0 && r.AchievedRate >= r.TargetRate * 0.95).MaxBy(r => r.TargetRate);
            md.AppendLine();
            md.AppendLine(best is null
                ? "No step kept p99 under 100 ms."
                : string.Create(c, $"**Highest steady rate with p99 ≤ 100 ms: {best.TargetRate:0} submissions/s** (goal ≥ 600); CPU per submission, gateway and Requests together: **{best.Cost?.MsPerOperation("gateway", "requests"):0.00} ms** (goal ≤ 1.5)."));
            if (IntakeCeiling is { } loop)
            {
                md.AppendLine().AppendLine(c, $"Ceiling: the same three rows (request, first history entry, outbox row) committed by a plain loop, one transaction each, on a copy of the Requests database with the same SQLite settings: **{loop.PerSecond:0} submissions/s**, {loop.CpuMsPerCommit:0.000} ms CPU each. ")
                  .AppendLine(best is null ? "" : string.Create(c, $"**Through the gateway / plain loop = {best.TargetRate / loop.PerSecond:0.00}**."));
            }

            if (IntakeFloor is { Count: > 0 } floor)
            {
                md.AppendLine().AppendLine("Floor: what ASP.NET Core and EF Core cost before any of the service's own work. A minimal endpoint, in a process of ")
                  .AppendLine("its own, binds the same JSON and commits the same three rows with EF Core in one `SaveChanges` on a fresh SQLite database ")
                  .AppendLine("(WAL, default synchronous, one writer at a time), and answers 201; no token, idempotency key, registry or community check, duplicate search, ")
                  .AppendLine("relay or event, and no gateway: loaded directly, after a warm-up.").AppendLine();
                md.AppendLine("| Target /s | Achieved /s | Failed | p50 ms | p99 ms | floor CPU ms per submission |").AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
                foreach (var step in floor)
                {
                    md.AppendLine(c, $"| {step.Load.TargetRate:0} | {step.Load.AchievedRate:0.0} | {step.Load.Failed}{(step.Load.Failed > 0 ? $" ({step.Load.FailureReasons})" : "")} | {step.Load.P50Ms:0.0} | {step.Load.P99Ms:0.0} | {step.CpuMsPerSubmission:0.000} |");
                }

                foreach (var step in floor)
                {
                    if (intake.FirstOrDefault(r => r.TargetRate == step.Load.TargetRate)?.Cost is { } service)
                    {
                        var requests = service.MsPerOperation("requests");
                        md.AppendLine().AppendLine(c, $"At {step.Load.TargetRate:0}/s: Requests {requests:0.00} ms of CPU per submission, the gateway {service.MsPerOperation("gateway"):0.00} ms, the floor {step.CpuMsPerSubmission:0.00} ms: ")
                          .AppendLine(c, $"**Requests / floor = {requests / step.CpuMsPerSubmission:0.0}**; the goal's 1.5 ms for gateway and service together is **{1.5 / step.CpuMsPerSubmission:0.0}× the floor**.");
                    }
                }
            }

            md.AppendLine();
        }

        if (Latency is { } latency)
        {
            md.AppendLine("## 3. Event latency").AppendLine();
            md.AppendLine("A steady 100 submissions/s for the steady run's length; for each, the time from the request's commit (`Requests.SubmittedAt` ")
              .AppendLine("in the Requests database) to the submitter's inbox entry (`InboxItems.CreatedAt` in the Notifications database): outbox ")
              .AppendLine("relay, RabbitMQ, the consumer, the in-app dispatcher. Lost: no entry three minutes after the load; doubled: more than one. ")
              .AppendLine("CPU in milliseconds per submission, over the load and until the last entry.").AppendLine();
            md.AppendLine("| Submitted | Achieved /s | Delivered | Lost | Doubled | p50 ms | p99 ms | max ms |" + CpuHeader(Services))
              .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + CpuAlign(Services));
            md.AppendLine(c, $"| {latency.Load.Sent - latency.Load.Failed} | {latency.Load.AchievedRate:0.0} | {latency.Delivered} | {latency.Lost} | {latency.Doubled} | {latency.P50Ms:0.0} | {latency.P99Ms:0.0} | {latency.MaxMs:0.0} |{CpuCells(latency.Cost, Services)}");
            md.AppendLine();
        }

        if (FanOut is { } fan)
        {
            md.AppendLine("## 4. Fan-out").AppendLine();
            md.AppendLine("One call that raises a thousand events, timed from its answer until the last effect exists (polled every 20 ms). ")
              .AppendLine("Beside it, the ceiling: a bare MassTransit publish-with-confirms → consume loop on the same broker (100 publishes in flight, ")
              .AppendLine("10,000 messages, a consumer that only counts). CPU in milliseconds per event.").AppendLine();
            md.AppendLine("| Call | Events | Call answered in | Answer → last effect | Events/s | / ceiling |" + CpuHeader(Services))
              .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |" + CpuAlign(Services));
            foreach (var step in new[] { fan.Import, fan.Invitations })
            {
                md.AppendLine(c, $"| {step.What} | {step.Events} | {step.CallTook.TotalSeconds:0.00} s | **{step.ToLastEffect.TotalSeconds:0.00} s** | {step.EventsPerSecond:0} | **{step.EventsPerSecond / fan.Ceiling.PerSecond:0.00}** |{CpuCells(step.Cost, Services)}");
            }

            md.AppendLine().AppendLine(c, $"Broker ceiling: {fan.Ceiling.Events:N0} events in {fan.Ceiling.Elapsed.TotalSeconds:0.00} s, **{fan.Ceiling.PerSecond:0} events/s**. Goals: ≤ 2 s to the last effect, pipeline/ceiling ≥ 0.5.").AppendLine();
        }

        if (Burst is { } bursts)
        {
            md.AppendLine("## 5. Registration burst").AppendLine();
            md.AppendLine(c, $"{RegistrationBurst.People:N0} people (each created in the Communities registry and known to Scheduling) register for one ")
              .AppendLine(c, $"session of {RegistrationBurst.Seats} seats at the same moment through the gateway, one connection each. Time to settle: from ")
              .AppendLine("the start signal until the last of them has its answer (a registration is committed when answered); latency per answer ")
              .AppendLine(c, $"from the same signal. Preparing the people took {bursts.First.Preparation.TotalSeconds:0} s (not measured here). Two bursts: the ")
              .AppendLine("**first** is the first time this Scheduling process registers anyone, so the runtime compiles that code while it runs ")
              .AppendLine(c, $"(a service just started or deployed); the **second**, {RegistrationBurst.Pause.TotalSeconds:0} s later, is the same people registering for another ")
              .AppendLine("session of the same size, on code the first one warmed.").AppendLine();
            md.AppendLine("| Burst | Time to settle | Registrations/s | p50 ms | p95 ms | p99 ms | Confirmed | Waitlisted | Failed | Session's confirmed count |")
              .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, burst) in bursts.Each)
            {
                md.AppendLine(c, $"| {name} | **{burst.TimeToSettle.TotalSeconds:0.00} s** | {(burst.Confirmed + burst.Waitlisted) / burst.TimeToSettle.TotalSeconds:0} | {burst.P50Ms:0} | {burst.P95Ms:0} | {burst.P99Ms:0} | {burst.Confirmed} | {burst.Waitlisted} | {burst.Failed}{(burst.Failed > 0 ? $" ({burst.FailureReasons})" : "")} | {burst.SessionConfirmed} |");
            }

            var exact = bursts.Each.All(b => b.Burst.Confirmed == RegistrationBurst.Seats && b.Burst.SessionConfirmed == RegistrationBurst.Seats);
            md.AppendLine().AppendLine(exact
                ? string.Create(c, $"Exactly {RegistrationBurst.Seats} confirmed in each, by the answers and by the session. Goal: settled in ≤ 3 s.")
                : string.Create(c, $"**Not exactly {RegistrationBurst.Seats} confirmed in each burst, by the answers and by the session.**")).AppendLine();
            md.AppendLine("CPU in milliseconds per registration:").AppendLine();
            md.AppendLine("| Burst |" + CpuHeader(Services)).AppendLine("| --- |" + CpuAlign(Services));
            foreach (var (name, burst) in bursts.Each)
            {
                md.AppendLine($"| {name} |" + CpuCells(burst.Cost, Services));
            }

            md.AppendLine();
        }

        if (Startups.Count > 0)
        {
            var times = Startups.Select(s => s.TimeToHealthy.TotalSeconds).ToList();
            var median = times.Order().ElementAt(times.Count / 2);
            var startup = Startups[times.IndexOf(median)];
            md.AppendLine("## 6. Start-up and memory").AppendLine();
            md.AppendLine(c, $"From starting the built app host, `src/AppHost/bin/Release/net10.0/AppHost` (what `./municipal run` does after its build), to the gateway's first healthy answer, {times.Count} times one after another: ")
              .AppendLine(c, $"{string.Join(", ", times.Select(t => t.ToString("0.0 's'", c)))}; median **{median:0.0} s** (goal ≤ 15 s).").AppendLine();
            md.AppendLine("Resident memory (MiB):").AppendLine();
            md.AppendLine("| Process | After the run command | Load system after start | Load system after the load |").AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, _) in ProcessMemory.Processes)
            {
                md.AppendLine(c, $"| {name} | {startup.MemoryMiB.GetValueOrDefault(name):0} | {MemoryAfterStart?.GetValueOrDefault(name):0} | {MemoryAfterLoad?.GetValueOrDefault(name):0} |");
            }

            md.AppendLine();
        }

        foreach (var (scenario, error) in Failures)
        {
            md.AppendLine(c, $"**The {scenario} scenario failed in this run:** {error}").AppendLine();
        }

        var findings = Path.Combine(FindRepository(), "bench", "findings.md");
        if (File.Exists(findings))
        {
            md.AppendLine((await File.ReadAllTextAsync(findings)).TrimEnd()).AppendLine();
        }

        md.AppendLine("Reproduce: `bench/run.sh` (installs wrk and nginx with apt when missing; about 20 minutes), `bench/run.sh --quick`, or one ")
          .AppendLine("scenario alone with `bench/run.sh --only latency` (names: reads, intake, latency, burst, startup, fanout; several with commas).");
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
