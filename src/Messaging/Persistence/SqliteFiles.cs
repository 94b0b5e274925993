using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// What keeps erased values out of a SQLite file: <c>secure_delete</c> on every connection (deleted content is
/// overwritten with zeros instead of lingering in free pages), and a checkpoint that truncates the write-ahead log
/// (whose older frames still hold pages as they were).
/// </summary>
public static class SqliteFiles
{
    /// <summary>Turns <c>secure_delete</c> on for each connection as it opens (the setting lives per connection).</summary>
    public sealed class SecureDeleteInterceptor : DbConnectionInterceptor
    {
        public static readonly SecureDeleteInterceptor Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                using var command = sqlite.CreateCommand();
                command.CommandText = "PRAGMA secure_delete=ON;";
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Copies the write-ahead log into the database and empties it (when no reader holds it).</summary>
    public static Task TruncateWriteAheadLogAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
}
