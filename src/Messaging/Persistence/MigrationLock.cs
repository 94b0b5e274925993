using Microsoft.Data.Sqlite;
using System.Globalization;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// EF Core's migration lock on SQLite is a row in <c>__EFMigrationsLock</c>, taken with <c>INSERT OR IGNORE</c> and
/// deleted when the migration ends; a process killed while migrating leaves it there, and every later start waits for
/// it for ever. A lock older than <see cref="DatabaseOptions.MigrationLockStaleAfter"/> is taken for such a leftover and
/// removed (only that very row, with one conditional <c>DELETE</c>), so the waiting start goes on. A replica that is
/// migrating right now holds a lock younger than that, which is left alone: two replicas still never migrate at once.
/// </summary>
public static class MigrationLock
{
    public const string Table = "__EFMigrationsLock";

    /// <summary>Removes the lock if it is stale; says whether it did. A timestamp it cannot read counts from <paramref name="firstSeen"/>.</summary>
    public static async Task<bool> BreakIfStaleAsync(
        SqliteConnection connection, TimeSpan staleAfter, DateTimeOffset now, IDictionary<string, DateTimeOffset> firstSeen, CancellationToken cancellationToken)
    {
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        string? timestamp;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"Timestamp\" FROM \"{Table}\" WHERE \"Id\" = 1";
            timestamp = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (timestamp is null)
        {
            return false;
        }

        var takenAt = DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : firstSeen.TryGetValue(timestamp, out var seen) ? seen : firstSeen[timestamp] = now;
        if (now - takenAt < staleAfter)
        {
            return false;
        }

        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM \"{Table}\" WHERE \"Id\" = 1 AND \"Timestamp\" = $timestamp";
        delete.Parameters.AddWithValue("$timestamp", timestamp);
        return await delete.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
