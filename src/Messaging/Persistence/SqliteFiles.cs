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
    /// <summary>
    /// Turns <c>secure_delete</c> on for each connection once, when it is first opened: the setting lives on SQLite's
    /// connection, which the pool keeps and hands out again to the next context, so one taken from the pool has it already
    /// (every request, consumed message and relay round opens one: a statement saved each time).
    /// </summary>
    public sealed class SecureDeleteInterceptor : DbConnectionInterceptor
    {
        public static readonly SecureDeleteInterceptor Instance = new();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle } sqlite && !Configured.TryGetValue(handle, out _))
            {
                using var command = sqlite.CreateCommand();
                command.CommandText = "PRAGMA secure_delete=ON;";
                command.ExecuteNonQuery();
                Configured.AddOrUpdate(handle, handle);
            }
        }
    }

    /// <summary>Copies the write-ahead log into the database and empties it (when no reader holds it).</summary>
    public static Task TruncateWriteAheadLogAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
}
