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

    /// <summary>
    /// Copies the write-ahead log into the database and empties it. SQLite cannot finish while another connection still
    /// reads an older snapshot (the outbox relay, woken by the very commit that erased, often is one): the checkpoint then
    /// answers "busy" rather than failing, and the erased values would stay in the log until the retention job's next run.
    /// So it is tried again, briefly, until it completes. Answers whether it did.
    /// </summary>
    public static async Task<bool> TruncateWriteAheadLogAsync(DbContext db, CancellationToken cancellationToken, int attempts = 50)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var busy = await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) != 0;
                if (!busy)
                {
                    return true;
                }

                if (attempt >= attempts)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20 * Math.Min(attempt, 5)), cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
