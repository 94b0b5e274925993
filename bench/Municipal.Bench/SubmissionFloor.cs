using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Globalization;
using System.Text.Json;

namespace Municipal.Bench;

/// <summary>
/// The framework floor of a submission: a minimal ASP.NET Core endpoint that binds the same JSON and commits the same
/// three rows (request, first history entry, outbox row) with EF Core in one <c>SaveChanges</c> on SQLite (WAL, the
/// library's default synchronous setting and one writer at a time, as the services), and answers 201 with the request's
/// id and number. No token, idempotency key, registry or community check, duplicate search, relay or event: what ASP.NET
/// Core and EF Core cost before any of the service's own work, in a process of its own with the services' GC setting,
/// loaded directly. Started as <c>Municipal.Bench --serve-submission-floor &lt;port&gt; &lt;database file&gt;</c>.
/// </summary>
internal static class SubmissionFloor
{
    public const string Marker = "--serve-submission-floor";

    private static readonly SemaphoreSlim WriteGate = new(1, 1);
    private static int lastNumber;

    public sealed record Step(LoadResult Load, double CpuMsPerSubmission);

    public static async Task<int> ServeAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddDbContext<FloorDb>(options => options.UseSqlite($"Data Source={args[2]}"));
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FloorDb>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        app.MapGet("/health", () => Results.Ok());
        app.MapPost("/api/requests", async (FloorSubmission submission, FloorDb db, CancellationToken cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            var id = Guid.NewGuid();
            // A counter, not random bits: the floor's database is fresh for each run, so no two numbers meet at the unique
            // index (32 random bits did among the floor's 55,000 rows: one 500 in a full run).
            var number = $"R-{now:yyMM}-{Interlocked.Increment(ref lastNumber):X8}";
            db.Requests.Add(new FloorRequest
            {
                Id = id, Number = number, CommunityId = submission.CommunityId, Category = submission.Category, Title = submission.Title,
                Description = submission.Description, Latitude = submission.Location.Latitude, Longitude = submission.Location.Longitude,
                Status = "Submitted", Channel = "web", SubmittedAt = now, DueAt = now.AddDays(7),
            });
            db.History.Add(new FloorHistory { Id = Guid.NewGuid(), RequestId = id, At = now, Kind = "status", To = "Submitted" });
            db.Outbox.Add(new FloorOutbox
            {
                Id = Guid.NewGuid(), MessageType = "Municipal.Contracts.RequestSubmitted", CreatedAt = now,
                Payload = JsonSerializer.Serialize(new { RequestId = id, Number = number, submission.CommunityId, submission.Category, submission.Title, SubmittedAt = now }),
            });
            // One writer at a time, as the services' write gate does: SQLite takes one, and writers that meet at its lock
            // otherwise wait in its busy handler's sleeps.
            await WriteGate.WaitAsync(cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                WriteGate.Release();
            }

            return Results.Created($"/api/requests/{id}", new { id, number, status = "submitted" });
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The floor on a fresh database file, with the Requests service's GC setting.</summary>
    public static Task<YardstickProcess> StartAsync()
    {
        var database = Path.Combine(Path.GetTempPath(), $"municipal-bench-floor-{Guid.NewGuid():N}.db");
        return YardstickProcess.StartAsync(Marker, YardstickProcess.GcServerOf("Requests", "Municipal.Requests"), "/health", [database], database);
    }

    /// <summary>A warm-up, then each rate for the step's length, open loop, with the floor process's CPU per submission.</summary>
    public static async Task<IReadOnlyList<Step>> RunAsync(Guid community, Settings settings, params double[] rates)
    {
        await using var floor = await StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = floor.Url, Timeout = TimeSpan.FromSeconds(30) };
        Func<int, HttpRequestMessage> submissions = i => Intake.Submission(community, $"bench-floor {i}");
        await OpenLoop.RunAsync(client, submissions, 50, settings.WarmUp);
        var steps = new List<Step>();
        foreach (var rate in rates)
        {
            var before = Cpu.Snapshot();
            var load = await OpenLoop.RunAsync(client, submissions, rate, settings.RateStep);
            var cost = CpuCost.Of(before, Cpu.Snapshot(), load.Sent);
            steps.Add(new Step(load, cost.MsPerOperation("submission floor")));
            Console.WriteLine($"  floor {rate}/s: achieved {load.AchievedRate:0.0}/s p50 {load.P50Ms:0.0} p99 {load.P99Ms:0.0} ms, failed {load.Failed}{(load.Failed > 0 ? $" ({load.FailureReasons})" : "")}, {steps[^1].CpuMsPerSubmission:0.000} ms CPU each");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        return steps;
    }

    private sealed record FloorLocation(double Latitude, double Longitude);

    private sealed record FloorSubmission(Guid CommunityId, string Category, string Title, string Description, FloorLocation Location);

    private sealed class FloorRequest
    {
        public Guid Id { get; set; }
        public string Number { get; set; } = "";
        public Guid CommunityId { get; set; }
        public string Category { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public string Status { get; set; } = "";
        public string Channel { get; set; } = "";
        public DateTimeOffset SubmittedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }
    }

    private sealed class FloorHistory
    {
        public Guid Id { get; set; }
        public Guid RequestId { get; set; }
        public DateTimeOffset At { get; set; }
        public string Kind { get; set; } = "";
        public string To { get; set; } = "";
    }

    private sealed class FloorOutbox
    {
        public Guid Id { get; set; }
        public string MessageType { get; set; } = "";
        public string Payload { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
    }

    private sealed class FloorDb(DbContextOptions<FloorDb> options) : DbContext(options)
    {
        public DbSet<FloorRequest> Requests => Set<FloorRequest>();
        public DbSet<FloorHistory> History => Set<FloorHistory>();
        public DbSet<FloorOutbox> Outbox => Set<FloorOutbox>();

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<FloorRequest>().HasIndex(r => r.Number).IsUnique();
            model.Entity<FloorHistory>().HasIndex(h => h.RequestId);
            model.Entity<FloorOutbox>().HasIndex(o => o.CreatedAt);
        }
    }
}
