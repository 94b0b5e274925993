using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// What keeps erased values out of SQLite's files: <c>secure_delete</c> on every connection (deleted content is
/// overwritten with zeros instead of lingering in free pages), temporary tables and sorts in memory rather than in
/// temporary files, and a checkpoint that truncates the write-ahead log (whose older frames still hold pages as they were).
/// </summary>
public static class SqliteFiles
{
    /// <summary>What each new SQLite connection is set to, once.</summary>
    internal const string ConnectionSettings = "PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY;";

    /// <summary>
    /// Sets each connection up once, when it is first opened (<see cref="ConnectionSettings"/>): the settings live on
    /// SQLite's connection, which the pool keeps and hands out again to the next context, so one taken from the pool has
    /// them already (every request, consumed message and relay round opens one: a statement saved each time).
    /// <c>temp_store=MEMORY</c>: a statement that needs a temporary table or sort (the duplicate search ranks its
    /// candidates in one) otherwise creates, writes and unlinks a file in the temporary folder each time, rows of requests
    /// included: about 2 % of the Requests service's CPU at 300 submissions/s went to creating and removing those files.
    /// </summary>
    public sealed class ConnectionSetupInterceptor : DbConnectionInterceptor
    {
        public static readonly ConnectionSetupInterceptor Instance = new();

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
                command.CommandText = ConnectionSettings;
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
