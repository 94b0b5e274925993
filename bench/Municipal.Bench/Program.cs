using Municipal.Bench;

// Runs every benchmark against a freshly started system and rewrites docs/benchmarks.md.
//   dotnet run --project bench/Municipal.Bench -c Release -- [--quick] [--out docs/benchmarks.md] [--only reads,latency]
// --only runs the named scenarios alone (by name or number: 1 reads, 2 intake, 3 latency, 4 burst, 5 startup,
// 6 fanout) and, unless --out is given, prints the report instead of rewriting docs/benchmarks.md with a partial run.
// --profile samples the services with dotnet-trace during latency, fanout and intake (bench/profiles/, see Profiles.cs).
if (args.FirstOrDefault() == CeilingServer.Marker)
{
    return await CeilingServer.ServeAsync(args);
}

if (args.FirstOrDefault() == BareProxy.Marker)
{
    return await BareProxy.ServeAsync(args);
}

if (args.FirstOrDefault() == SubmissionFloor.Marker)
{
    return await SubmissionFloor.ServeAsync(args);
}

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
string[] names = ["reads", "intake", "latency", "burst", "startup", "fanout"];
if (only?.FirstOrDefault(o => !names.Contains(o) && !(int.TryParse(o, out var n) && n is >= 1 and <= 6)) is { } unknown)
{
    Console.Error.WriteLine($"Unknown scenario '{unknown}'. Scenarios: {string.Join(", ", names.Select((n, i) => $"{i + 1} {n}"))}.");
    return 2;
}

var settings = quick ? Settings.Quick : Settings.Full;
var repository = Report.FindRepository();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault()
    ?? (only is null ? Path.Combine(repository, "docs", "benchmarks.md") : null);
var report = new Report(settings, quick);
var profiles = new Profiles(repository, args.Contains("--profile"));
// A scenario that fails is reported as failed; the others still run and are written.
async Task Attempt(string scenario, Func<Task> run)
{
    try
    {
        await run();
    }
    catch (Exception ex)
    {
        Console.WriteLine($"  {scenario} failed: {ex}");
        report.Failures.Add((scenario, $"{ex.GetType().Name}: {ex.Message}"));
    }
}

bool Runs(string scenario) => only is null || only.Contains(scenario) || only.Contains((Array.IndexOf(names, scenario) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

if (Runs("startup"))
{
    Console.WriteLine("startup: the run command to a healthy gateway…");
    // One start-up varies by seconds on a shared 2-core machine: the report gives each and their median.
    await Attempt("startup", async () =>
    {
        for (var run = 0; run < settings.Rounds; run++)
        {
            var result = await Startup.MeasureAsync(repository);
            report.Startups.Add(result);
            Console.WriteLine($"  start-up {run + 1}: {result.TimeToHealthy.TotalSeconds:0.0} s");
        }
    });
}

if (names.Where(n => n != "startup").Any(Runs))
{
    Console.WriteLine("starting the system for the load benchmarks…");
    await using var system = await SystemUnderTest.StartAsync();
    report.MemoryAfterStart = ProcessMemory.Snapshot();
    if (Runs("reads"))
    {
        Console.WriteLine("reads: direct, gateway, nginx, ceiling…");
        await Attempt("reads", async () => report.Overhead = await GatewayOverhead.RunAsync(system, settings));
    }

    if (Runs("latency"))
    {
        Console.WriteLine("latency: commit → inbox entry at a steady 100 submissions/s…");
        await using (await profiles.DuringAsync("latency", TimeSpan.FromSeconds(30), "requests", "notifications", "gateway"))
        {
            await Attempt("latency", async () => report.Latency = await Intake.EventLatencyAsync(system, settings));
        }
    }

    if (Runs("fanout"))
    {
        Console.WriteLine("fanout: a CSV import of 1,000 people, invitations to 1,000, the broker's ceiling…");
        await using (await profiles.DuringAsync("fanout", TimeSpan.FromSeconds(20), "communities", "scheduling", "notifications"))
        {
            await Attempt("fanout", async () => report.FanOut = await FanOut.RunAsync(system, system.BrokerConnectionString));
        }
    }

    if (Runs("burst"))
    {
        Console.WriteLine("burst: 1,000 register for 100 seats…");
        await Attempt("burst", async () => report.Burst = await RegistrationBurst.RunAsync(system));
    }

    if (Runs("intake"))
    {
        Console.WriteLine("intake: submissions at rising rates, then the plain-loop ceiling…");
        await using (await profiles.DuringAsync("intake", TimeSpan.FromSeconds(40), "requests", "gateway"))
        {
            await Attempt("intake", async () => report.Intake = await Intake.RisingRatesAsync(system, settings));
        }
        await Attempt("intake ceiling", async () =>
        {
            report.IntakeCeiling = await SqliteCeiling.RunAsync(Path.Combine(system.DataDirectory, "requestsdb.db"), settings.Round);
            Console.WriteLine($"  plain loop: {report.IntakeCeiling.PerSecond:0} submissions/s");
        });
        await Attempt("intake floor", async () =>
            report.IntakeFloor = await SubmissionFloor.RunAsync(Guid.NewGuid(), settings, quick ? [100] : [300, 600]));
    }

    report.MemoryAfterLoad = ProcessMemory.Snapshot();
}

if (output is null)
{
    var temporary = Path.GetTempFileName();
    await report.WriteAsync(temporary);
    Console.WriteLine(await File.ReadAllTextAsync(temporary));
    File.Delete(temporary);
}
else
{
    await report.WriteAsync(output);
    Console.WriteLine($"wrote {output}");
}

return 0;
