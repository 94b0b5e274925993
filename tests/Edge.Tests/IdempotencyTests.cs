using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Municipal.Messaging.Persistence;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge.Tests;

/// <summary>A stand-in for a service: seats that one person each may hold.</summary>
public sealed class Seat
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Holder { get; set; }
}

public sealed class SeatsDbContext(DbContextOptions<SeatsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Seat> Seats => Set<Seat>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Seat>().HasIndex(s => s.Holder).IsUnique();
    }
}

public sealed class IdempotencyTests : IAsyncLifetime
{
    private static readonly ProblemType SeatTaken = new("seat-taken", 409, "The seat is taken.");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"edge-tests-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));

    private SeatsDbContext NewContext() => new(new DbContextOptionsBuilder<SeatsDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = _file, DefaultTimeout = 30 }.ToString()).Options);

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }

    /// <summary>The use case: take the seat for a holder, refused when that holder already has one.</summary>
    private static Func<CancellationToken, Task<Result<Seat>>> TakeSeat(SeatsDbContext db, string holder, Func<Task>? gate = null) => async ct =>
    {
        if (gate is not null)
        {
            await gate();
        }

        if (await db.Seats.AnyAsync(s => s.Holder == holder, ct))
        {
            return Refusal.Of(SeatTaken);
        }

        var seat = new Seat { Holder = holder };
        db.Seats.Add(seat);
        await db.SaveChangesAsync(ct);
        return seat;
    };

    private static StoredAnswer Created(Seat seat) =>
        new(StatusCodes.Status201Created, "application/json", $"{{\"id\":\"{seat.Id}\"}}", $"/seats/{seat.Id}", seat.Id);

    private static IResult Refuse(Refusal refusal) => refusal.ToProblem();

    private async Task<IResult> RunAsync(string key, string body, string holder, Func<Task>? gate = null)
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        return await creates.RunAsync(new IdempotencyKey("caller-1", key, body), TakeSeat(db, holder, gate), Created, Refuse, CancellationToken.None);
    }

    private async Task<int> SeatsAsync()
    {
        await using var db = NewContext();
        return await db.Seats.CountAsync();
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_creates_nothing_more()
    {
        var first = Assert.IsType<StoredAnswer>(await RunAsync("k1", "fingerprint-a", "somchai"));
        var again = Assert.IsType<StoredAnswer>(await RunAsync("k1", "fingerprint-a", "somchai"));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.Location, again.Location);
        Assert.Equal(1, await SeatsAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_as_reused()
    {
        await RunAsync("k1", "fingerprint-a", "somchai");
        var reused = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(await RunAsync("k1", "fingerprint-b", "somying"));
        Assert.Equal(ProblemTypes.IdempotencyKeyReused.Uri, reused.ProblemDetails.Type);
        Assert.Equal(1, await SeatsAsync());
    }

    [Fact]
    public async Task A_refused_use_case_stores_no_answer_so_the_key_stays_free()
    {
        await RunAsync("k1", "fingerprint-a", "somchai");
        var refused = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(await RunAsync("k2", "fingerprint-b", "somchai"));
        Assert.Equal(SeatTaken.Uri, refused.ProblemDetails.Type);

        var later = Assert.IsType<StoredAnswer>(await RunAsync("k2", "fingerprint-b", "somying"));
        Assert.False(later.Replayed);
        Assert.Equal(2, await SeatsAsync());
    }

    [Fact]
    public async Task A_retry_racing_its_first_attempt_answers_as_the_first_did_instead_of_refusing()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Gate()
        {
            entered.SetResult();
            await release.Task;
        }

        // SQLite waits for a lock inside the driver, on the calling thread: each attempt gets a thread of its own.
        var first = Task.Run(() => RunAsync("k1", "fingerprint-a", "somchai", Gate));
        await entered.Task; // the first attempt holds its transaction, its key not yet committed
        var retry = Task.Run(() => RunAsync("k1", "fingerprint-a", "somchai"));
        await Task.Delay(500); // the retry finds no key yet and waits for the first's transaction
        release.SetResult();

        var firstAnswer = Assert.IsType<StoredAnswer>(await first);
        var retryAnswer = Assert.IsType<StoredAnswer>(await retry);
        Assert.False(firstAnswer.Replayed);
        Assert.True(retryAnswer.Replayed);
        Assert.Equal(firstAnswer.Body, retryAnswer.Body);
        Assert.Equal(1, await SeatsAsync());
    }

    [Fact]
    public async Task A_key_older_than_a_day_is_free_again()
    {
        await RunAsync("k1", "fingerprint-a", "somchai");
        _time.Advance(TimeSpan.FromHours(25));
        var later = Assert.IsType<StoredAnswer>(await RunAsync("k1", "fingerprint-b", "somying"));
        Assert.False(later.Replayed);
    }

    [Fact]
    public async Task Without_a_key_the_use_case_simply_runs()
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        Assert.IsType<StoredAnswer>(await creates.RunAsync(null, TakeSeat(db, "somchai"), Created, Refuse, CancellationToken.None));
        Assert.Empty(await db.IdempotencyRecords.ToListAsync());
    }
}
