using Municipal.Bench;

// Runs every benchmark against a freshly started system and rewrites docs/benchmarks.md.
//   dotnet run --project bench/Municipal.Bench -c Release -- [--quick] [--out docs/benchmarks.md]
var quick = args.Contains("--quick");
var settings = quick ? Settings.Quick : Settings.Full;
var repository = Report.FindRepository();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(repository, "docs", "benchmarks.md");
var report = new Report(settings, quick);

Console.WriteLine("5. start-up through the run command…");
report.Startup = await Startup.MeasureAsync(repository);

Console.WriteLine("starting the system for the load benchmarks…");
await using (var system = await SystemUnderTest.StartAsync())
{
    report.MemoryAfterStart = ProcessMemory.Snapshot();
    Console.WriteLine("1. gateway overhead…");
    report.Overhead = await GatewayOverhead.RunAsync(system, settings);
    Console.WriteLine("2. request intake at rising rates…");
    report.Intake = await Intake.RisingRatesAsync(system, settings);
    Console.WriteLine("3. event latency at 100 submissions/s…");
    report.Latency = await Intake.EventLatencyAsync(system, settings);
    Console.WriteLine("4. registration burst…");
    report.Burst = await RegistrationBurst.RunAsync(system);
    report.MemoryAfterLoad = ProcessMemory.Snapshot();
}

await report.WriteAsync(output);
Console.WriteLine($"wrote {output}");
