using Microsoft.Data.Sqlite;
using Municipal.Messaging.Persistence;
using System.Net;

namespace Municipal.Notifications.Tests;

/// <summary>Starting on a database another process left behind.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_migration_lock_left_by_a_process_killed_while_migrating_does_not_stop_the_next_start()
    {
        // Not disposed if it never starts: disposing waits for the stuck start, and the run would hang instead of failing.
        var factory = new ChannelsOffFactory();
        Directory.CreateDirectory(factory.DataDirectory);
        var database = Path.Combine(factory.DataDirectory, "notificationsdb.db");
        await using (var killed = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await killed.OpenAsync();
            await using var command = killed.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE "{MigrationLock.Table}" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "{MigrationLock.Table}" ("Id", "Timestamp") VALUES (1, $timestamp);
                """;
            command.Parameters.AddWithValue("$timestamp", DateTimeOffset.UtcNow.AddHours(-3).ToString("O"));
            await command.ExecuteNonQueryAsync();
        }

        // Before the fix the start waited for that lock for ever: the guard turns a hang into a failure.
        var starting = Task.Run(factory.CreateClient);
        Assert.True(await Task.WhenAny(starting, Task.Delay(TimeSpan.FromMinutes(3))) == starting, "the service did not start");
        await using var started = factory;
        using var client = await starting;

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await using var after = new SqliteConnection($"Data Source={database};Pooling=False");
        await after.OpenAsync();
        await using var count = after.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{MigrationLock.Table}\"";
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        count.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
        Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
    }
}
