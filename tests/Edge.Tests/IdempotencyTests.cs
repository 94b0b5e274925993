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

    /// <summary>A context with the guard every service's context has (<c>AddServiceDatabase</c>).</summary>
    private SeatsDbContext GuardedContext() => new(new DbContextOptionsBuilder<SeatsDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = _file, DefaultTimeout = 30 }.ToString())
        .AddInterceptors(FirstWriteGuard.Instance).Options);

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
    private static Func<CancellationToken, Task<Result<Seat>>> TakeSeat(
        SeatsDbContext db, string holder, Func<Task>? gate = null, Func<Task>? afterSave = null) => async ct =>
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
        if (afterSave is not null)
        {
            await afterSave();
        }

        return seat;
    };

    private static StoredAnswer Created(Seat seat) =>
        new(StatusCodes.Status201Created, "application/json", $"{{\"id\":\"{seat.Id}\"}}", $"/seats/{seat.Id}", seat.Id);

    private static IResult Refuse(Refusal refusal) => refusal.ToProblem();

    private async Task<IResult> RunAsync(string key, string body, string holder, Func<Task>? gate = null, Func<Task>? afterSave = null)
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        return await creates.RunAsync(new IdempotencyKey("caller-1", key, body), TakeSeat(db, holder, gate, afterSave), Created, Refuse, CancellationToken.None);
    }

    private async Task<int> RecordsAsync()
    {
        await using var db = NewContext();
        return await db.IdempotencyRecords.CountAsync();
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
    public async Task A_retry_that_commits_while_the_first_attempt_reads_is_the_answer_both_give()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Gate()
        {
            entered.SetResult();
            await release.Task;
        }

        var first = Task.Run(() => RunAsync("k1", "fingerprint-a", "somchai", Gate));
        await entered.Task; // the first attempt found no key and has not read yet
        var retryAnswer = Assert.IsType<StoredAnswer>(await RunAsync("k1", "fingerprint-a", "somchai"));
        release.SetResult(); // the first now finds the seat taken, and the retry's answer under its key

        var firstAnswer = Assert.IsType<StoredAnswer>(await first);
        Assert.False(retryAnswer.Replayed);
        Assert.True(firstAnswer.Replayed);
        Assert.Equal(retryAnswer.Body, firstAnswer.Body);
        Assert.Equal(1, await SeatsAsync());
        Assert.Equal(1, await RecordsAsync());
    }

    [Fact]
    public async Task A_retry_whose_write_meets_the_first_attempts_row_answers_as_the_first_did()
    {
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task AfterSave()
        {
            saved.SetResult();
            await release.Task;
        }

        // SQLite waits for a lock inside the driver, on the calling thread: each attempt gets a thread of its own.
        var first = Task.Run(() => RunAsync("k1", "fingerprint-a", "somchai", afterSave: AfterSave));
        await saved.Task; // the first attempt holds its write transaction, its seat and key not yet committed
        var retry = Task.Run(() => RunAsync("k1", "fingerprint-a", "somchai"));
        await Task.Delay(500); // the retry reads the seat as free and waits to write it
        release.SetResult();

        var firstAnswer = Assert.IsType<StoredAnswer>(await first);
        var retryAnswer = Assert.IsType<StoredAnswer>(await retry); // its seat broke the unique holder: the first's answer
        Assert.False(firstAnswer.Replayed);
        Assert.True(retryAnswer.Replayed);
        Assert.Equal(firstAnswer.Body, retryAnswer.Body);
        Assert.Equal(1, await SeatsAsync());
    }

    [Fact]
    public async Task The_use_case_reads_outside_any_transaction_and_its_first_write_opens_the_one_the_answer_joins()
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        bool? inTransactionWhileReading = null, inTransactionAfterSave = null;
        var answer = await creates.RunAsync(new IdempotencyKey("caller-1", "k1", "fingerprint-a"), async ct =>
        {
            inTransactionWhileReading = db.Database.CurrentTransaction is not null;
            var seat = new Seat { Holder = "somchai" };
            db.Seats.Add(seat);
            await db.SaveChangesAsync(ct);
            inTransactionAfterSave = db.Database.CurrentTransaction is not null;
            return (Result<Seat>)seat;
        }, Created, Refuse, CancellationToken.None);

        Assert.IsType<StoredAnswer>(answer);
        Assert.False(inTransactionWhileReading);
        Assert.True(inTransactionAfterSave); // held open for the answer: the seat is not committed on its own
        Assert.Null(db.Database.CurrentTransaction);
        Assert.False(db.TransactsFromFirstWrite);
        Assert.Equal(1, await SeatsAsync());
        Assert.Equal(1, await RecordsAsync());
    }

    [Fact]
    public async Task A_use_case_that_fails_after_its_write_keeps_neither_the_write_nor_an_answer()
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        var take = TakeSeat(db, "somchai");
        await Assert.ThrowsAsync<TimeoutException>(() => creates.RunAsync<Seat>(new IdempotencyKey("caller-1", "k1", "fingerprint-a"), async ct =>
        {
            await take(ct);
            throw new TimeoutException("the use case's next step failed");
        }, Created, Refuse, CancellationToken.None));

        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(0, await RecordsAsync());
    }

    [Fact]
    public async Task A_use_case_refused_after_its_write_keeps_nothing()
    {
        await using var db = NewContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        var take = TakeSeat(db, "somchai");
        var refused = await creates.RunAsync(new IdempotencyKey("caller-1", "k1", "fingerprint-a"), async ct =>
        {
            await take(ct);
            return (Result<Seat>)Refusal.Of(SeatTaken);
        }, Created, Refuse, CancellationToken.None);

        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(refused);
        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(0, await RecordsAsync());
    }

    [Fact]
    public async Task A_transaction_the_use_case_needs_from_a_point_is_the_flows_and_commits_with_the_answer()
    {
        await using var db = GuardedContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        var answer = await creates.RunAsync(new IdempotencyKey("caller-1", "k1", "fingerprint-a"), async ct =>
        {
            await using var own = await db.BeginTransactionUnlessHeldAsync(ct);
            Assert.Null(own); // the flow's: it commits it with the answer
            await db.Seats.Where(s => s.Holder == "nobody").ExecuteDeleteAsync(ct); // a write outside SaveChanges, inside it
            var seat = new Seat { Holder = "somchai" };
            db.Seats.Add(seat);
            await db.SaveChangesAsync(ct);
            return (Result<Seat>)seat;
        }, Created, Refuse, CancellationToken.None);

        Assert.IsType<StoredAnswer>(answer);
        Assert.Equal(1, await SeatsAsync());
        Assert.Equal(1, await RecordsAsync());

        // Outside the flow the same call begins a transaction of the caller's own.
        await using var plain = GuardedContext();
        await using var mine = await plain.BeginTransactionUnlessHeldAsync();
        Assert.NotNull(mine);
    }

    [Fact]
    public async Task Under_a_key_a_write_apart_from_the_flows_transaction_is_refused_and_nothing_is_kept()
    {
        await using var db = GuardedContext();
        var creates = new IdempotentCreates<SeatsDbContext>(db, _time);
        var ownTransaction = await Assert.ThrowsAsync<InvalidOperationException>(() => creates.RunAsync(
            new IdempotencyKey("caller-1", "k1", "fingerprint-a"), async ct =>
            {
                await using var own = await db.Database.BeginTransactionAsync(ct); // would commit apart from the answer
                return (Result<Seat>)new Seat { Holder = "somchai" };
            }, Created, Refuse, CancellationToken.None));
        Assert.Contains(nameof(ServiceDbContext.BeginTransactionUnlessHeldAsync), ownTransaction.Message);

        var loneWrite = await Assert.ThrowsAsync<InvalidOperationException>(() => creates.RunAsync(
            new IdempotencyKey("caller-1", "k2", "fingerprint-b"), async ct =>
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO Seats (Id, Holder) VALUES ('0197a000-0000-7000-8000-000000000001', 'somying')", ct);
                return (Result<Seat>)new Seat { Holder = "somying" };
            }, Created, Refuse, CancellationToken.None));
        Assert.Contains(nameof(ServiceDbContext.BeginTransactionUnlessHeldAsync), loneWrite.Message);

        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(0, await RecordsAsync());
        Assert.False(db.TransactsFromFirstWrite);
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
