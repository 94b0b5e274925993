using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Tests;

public sealed class SqliteFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("municipal-sqlitefiles-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_new_connection_deletes_securely_and_sorts_in_memory_and_one_from_the_pool_is_not_set_up_again()
    {
        var options = Options("a.db");
        await using (var setup = new WidgetsDbContext(options))
        {
            await setup.Database.EnsureCreatedAsync();
            Assert.Equal(1L, await PragmaAsync(setup, "PRAGMA secure_delete;"));
            Assert.Equal(2L, await PragmaAsync(setup, "PRAGMA temp_store;")); // MEMORY: no temporary files of rows
            // Marks the pooled connection: were it set up at every open, the next context would find it on again.
            await PragmaAsync(setup, "PRAGMA secure_delete=OFF;");
        }

        await using (var pooled = new WidgetsDbContext(options))
        {
            Assert.Equal(0L, await PragmaAsync(pooled, "PRAGMA secure_delete;"));
        }

        // Another file is another connection: set up when first opened.
        await using (var other = new WidgetsDbContext(Options("b.db")))
        {
            Assert.Equal(1L, await PragmaAsync(other, "PRAGMA secure_delete;"));
            Assert.Equal(2L, await PragmaAsync(other, "PRAGMA temp_store;"));
        }

        // A connection the pool let go and opened anew is a new SQLite connection: set up again.
        SqliteConnection.ClearAllPools();
        await using (var reopened = new WidgetsDbContext(options))
        {
            Assert.Equal(1L, await PragmaAsync(reopened, "PRAGMA secure_delete;"));
        }
    }

    [Fact]
    public async Task The_write_ahead_log_is_emptied_once_a_reader_of_an_older_snapshot_lets_go()
    {
        var options = Options("wal.db");
        var file = Path.Combine(_folder, "wal.db");
        await using (var setup = new WidgetsDbContext(options))
        {
            await setup.Database.EnsureCreatedAsync();
            await PragmaAsync(setup, "PRAGMA journal_mode=WAL;");
        }

        // A reader holds the snapshot from before the erasure (as the outbox relay, woken by the erasure's commit, may).
        await using var reader = new SqliteConnection($"Data Source={file};Pooling=False");
        await reader.OpenAsync();
        await using (var begin = reader.CreateCommand())
        {
            begin.CommandText = "BEGIN; SELECT count(*) FROM Widgets;";
            await begin.ExecuteScalarAsync();
        }

        await using var db = new WidgetsDbContext(options);
        db.Widgets.Add(new Widget { Name = "erased@example.com" });
        await db.SaveChangesAsync();
        await db.Widgets.ExecuteDeleteAsync();
        Assert.True(new FileInfo(file + "-wal").Length > 0);

        var releasing = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await using var commit = reader.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        });
        Assert.True(await SqliteFiles.TruncateWriteAheadLogAsync(db, CancellationToken.None), "the checkpoint completes once the reader lets go");
        await releasing;
        Assert.Equal(0, new FileInfo(file + "-wal").Length);
    }

    private DbContextOptions<WidgetsDbContext> Options(string file) => new DbContextOptionsBuilder<WidgetsDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder, file)}")
        .AddInterceptors(SqliteFiles.ConnectionSetupInterceptor.Instance)
        .Options;

    private static async Task<long> PragmaAsync(WidgetsDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync() is long value ? value : -1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
