using Microsoft.Data.Sqlite;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Tests;

/// <summary>EF Core's SQLite migration lock: a leftover of a killed process is removed, a live replica's lock is not.</summary>
public sealed class MigrationLockTests
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    private static async Task<SqliteConnection> LockedAsync(string timestamp)
    {
        var path = TempDatabase.NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE "{MigrationLock.Table}" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "{MigrationLock.Table}" ("Id", "Timestamp") VALUES (1, $timestamp);
            """;
        command.Parameters.AddWithValue("$timestamp", timestamp);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<bool> HeldAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{MigrationLock.Table}\"";
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    [Fact]
    public async Task A_lock_older_than_the_stale_age_is_removed()
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await LockedAsync(now.AddHours(-1).ToString("O"));

        Assert.True(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, now, new Dictionary<string, DateTimeOffset>(), CancellationToken.None));
        Assert.False(await HeldAsync(connection));
    }

    [Fact]
    public async Task A_lock_a_replica_took_moments_ago_is_left_alone()
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await LockedAsync(now.AddSeconds(-10).ToString("O"));

        Assert.False(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, now, new Dictionary<string, DateTimeOffset>(), CancellationToken.None));
        Assert.True(await HeldAsync(connection));
    }

    [Fact]
    public async Task A_lock_with_an_unreadable_time_counts_from_when_it_was_first_seen()
    {
        var now = DateTimeOffset.UtcNow;
        var seen = new Dictionary<string, DateTimeOffset>();
        await using var connection = await LockedAsync("not a time");

        Assert.False(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, now, seen, CancellationToken.None));
        Assert.False(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, now + StaleAfter / 2, seen, CancellationToken.None));
        Assert.True(await HeldAsync(connection));
        Assert.True(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, now + StaleAfter, seen, CancellationToken.None));
        Assert.False(await HeldAsync(connection));
    }

    [Fact]
    public async Task No_lock_table_is_no_lock()
    {
        var path = TempDatabase.NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();

        Assert.False(await MigrationLock.BreakIfStaleAsync(connection, StaleAfter, DateTimeOffset.UtcNow, new Dictionary<string, DateTimeOffset>(), CancellationToken.None));
    }
}
