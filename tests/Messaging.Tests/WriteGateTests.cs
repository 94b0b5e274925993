using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Tests;

/// <summary>
/// The SQLite write gate: a process's writers queue asynchronously for the one before them, instead of holding a
/// thread asleep in the driver until SQLite's busy timeout. The database here has a busy timeout of one second, so
/// a writer that reached the file while another transaction holds it would fail with "database is locked".
/// </summary>
public sealed class WriteGateTests : IAsyncLifetime
{
    private readonly string _path = TempDatabase.NewPath();
    private readonly SqliteWriteGate _gate = new(NullLogger<SqliteWriteGate>.Instance);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var db = Context(_gate);
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private WidgetsDbContext Context(SqliteWriteGate gate) => new(new DbContextOptionsBuilder<WidgetsDbContext>()
        .UseSqlite($"Data Source={_path};Default Timeout=1;Pooling=False")
        .AddInterceptors(gate)
        .Options);

    [Fact]
    public async Task A_second_save_waits_for_the_first_transaction_to_commit_and_then_succeeds()
    {
        await using var first = Context(_gate);
        await using var transaction = await first.Database.BeginTransactionAsync();
        first.Widgets.Add(new Widget { Name = "first" });
        await first.SaveChangesAsync(); // holds SQLite's write lock until the commit

        await using var second = Context(_gate);
        second.Widgets.Add(new Widget { Name = "second" });
        var saving = second.SaveChangesAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than the busy timeout: without the gate it would have failed
        Assert.False(saving.IsCompleted, "the second save did not wait for the first transaction");
        Assert.True(_gate.IsHeld);

        await transaction.CommitAsync();
        Assert.Equal(1, await saving);
        await using var check = Context(_gate);
        Assert.Equal(["first", "second"], await check.Widgets.OrderBy(w => w.Name).Select(w => w.Name).ToListAsync());
        Assert.False(_gate.IsHeld);
    }

    [Fact]
    public async Task A_statement_outside_a_transaction_waits_for_the_gate_too()
    {
        await using (var seed = Context(_gate))
        {
            seed.Widgets.Add(new Widget { Name = "drain" });
            await seed.SaveChangesAsync();
        }

        await using var first = Context(_gate);
        await using var transaction = await first.Database.BeginTransactionAsync();
        first.Widgets.Add(new Widget { Name = "road" });
        await first.SaveChangesAsync();

        await using var second = Context(_gate);
        var renaming = second.Widgets.Where(w => w.Name == "drain").ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, "drain (fixed)"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(renaming.IsCompleted, "the update did not wait for the transaction");

        await transaction.CommitAsync();
        Assert.Equal(1, await renaming);
        Assert.False(_gate.IsHeld);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_gives_the_gate_back()
    {
        await using var abandoned = Context(_gate);
        await using (var transaction = await abandoned.Database.BeginTransactionAsync())
        {
            abandoned.Widgets.Add(new Widget { Name = "never" });
            await abandoned.SaveChangesAsync();
            Assert.True(_gate.IsHeld);
        }

        Assert.False(_gate.IsHeld);

        await using var next = Context(_gate);
        next.Widgets.Add(new Widget { Name = "next" });
        Assert.Equal(1, await next.SaveChangesAsync());
        Assert.Equal(["next"], await next.Widgets.Select(w => w.Name).ToListAsync());
    }

    [Fact]
    public async Task A_context_disposed_in_the_middle_of_its_transaction_gives_the_gate_back()
    {
        var abandoned = Context(_gate);
        await abandoned.Database.OpenConnectionAsync(); // opened by hand: EF will not close it when the transaction ends
        var transaction = await abandoned.Database.BeginTransactionAsync();
        abandoned.Widgets.Add(new Widget { Name = "never" });
        await abandoned.SaveChangesAsync();
        Assert.True(_gate.IsHeld);

        await abandoned.DisposeAsync();
        Assert.False(_gate.IsHeld);
        GC.KeepAlive(transaction);

        await using var next = Context(_gate);
        Assert.Empty(await next.Widgets.ToListAsync());
    }

    [Fact]
    public async Task A_failed_save_gives_the_gate_back()
    {
        await using (var seed = Context(_gate))
        {
            seed.Widgets.Add(new Widget { Name = "tree" });
            await seed.SaveChangesAsync();
        }

        await using var clash = Context(_gate);
        clash.Widgets.Add(new Widget { Name = "tree" });
        await Assert.ThrowsAsync<DbUpdateException>(() => clash.SaveChangesAsync());
        Assert.False(_gate.IsHeld);
    }

    [Fact]
    public async Task A_writer_kept_waiting_past_MaxWait_goes_ahead_without_the_gate()
    {
        var gate = new SqliteWriteGate(NullLogger<SqliteWriteGate>.Instance) { MaxWait = TimeSpan.FromMilliseconds(200) };

        // A transaction that holds the gate and never ends during the test, on another file: the writer's own file
        // is free, so only the gate could keep it waiting.
        var otherPath = TempDatabase.NewPath();
        await using var other = new WidgetsDbContext(new DbContextOptionsBuilder<WidgetsDbContext>()
            .UseSqlite($"Data Source={otherPath};Pooling=False").AddInterceptors(gate).Options);
        await other.Database.EnsureCreatedAsync();
        await using var transaction = await other.Database.BeginTransactionAsync();
        Assert.True(gate.IsHeld);

        await using var writer = Context(gate);
        writer.Widgets.Add(new Widget { Name = "ahead" });
        Assert.Equal(1, await writer.SaveChangesAsync());
        Assert.True(gate.IsHeld); // still the other transaction's

        await transaction.CommitAsync();
        Assert.False(gate.IsHeld);
    }
}
