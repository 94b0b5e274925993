using Municipal.Bench;

// Runs every benchmark against a freshly started system and rewrites docs/benchmarks.md.
//   dotnet run --project bench/Municipal.Bench -c Release -- [--quick] [--out docs/benchmarks.md] [--only 4]
// --only N runs scenario N alone (e.g. to try it) and, unless --out is given, prints the report instead of
// rewriting docs/benchmarks.md with a partial run.
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var settings = quick ? Settings.Quick : Settings.Full;
var repository = Report.FindRepository();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault()
    ?? (only is null ? Path.Combine(repository, "docs", "benchmarks.md") : null);
var report = new Report(settings, quick);
bool Runs(string scenario) => only is null || only == scenario;

if (Runs("5"))
{
    Console.WriteLine("5. start-up through the run command…");
    report.Startup = await Startup.MeasureAsync(repository);
}

if (only is null or "1" or "2" or "3" or "4")
{
    Console.WriteLine("starting the system for the load benchmarks…");
    await using var system = await SystemUnderTest.StartAsync();
    report.MemoryAfterStart = ProcessMemory.Snapshot();
    if (Runs("1"))
    {
        Console.WriteLine("1. gateway overhead…");
        report.Overhead = await GatewayOverhead.RunAsync(system, settings);
    }

    if (Runs("2"))
    {
        Console.WriteLine("2. request intake at rising rates…");
        report.Intake = await Intake.RisingRatesAsync(system, settings);
    }

    if (Runs("3"))
    {
        Console.WriteLine("3. event latency at 100 submissions/s…");
        report.Latency = await Intake.EventLatencyAsync(system, settings);
    }

    if (Runs("4"))
    {
        Console.WriteLine("4. registration burst…");
        report.Burst = await RegistrationBurst.RunAsync(system);
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
