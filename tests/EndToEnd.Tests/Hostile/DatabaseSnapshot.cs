using Microsoft.Data.Sqlite;
using System.Security.Cryptography;
using System.Text;

namespace Municipal.EndToEnd.Tests.Hostile;

/// <summary>
/// Every table of one service's SQLite database, reduced to its row count and a hash of its rows: two
/// snapshots are equal only when nothing was inserted, changed or deleted between them.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, (long Rows, string Hash)> Tables)
{
    public static async Task<DatabaseSnapshot> TakeAsync(string databaseFile)
    {
        var tables = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await using var select = connection.CreateCommand();
            // The outbox relay marks rows sent whenever the broker confirms: for the outbox, which rows exist is what counts.
            var columns = name == "OutboxMessages" ? "\"Id\"" : "*";
            select.CommandText = $"SELECT {columns} FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ORDER BY rowid";
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long rows = 0;
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows++;
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.IsDBNull(i) ? "\u2400" : reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                        hash.AppendData(Encoding.UTF8.GetBytes(value + "\u241F"));
                    }

                    hash.AppendData("\u241E"u8);
                }
            }

            tables[name] = (rows, Convert.ToHexString(hash.GetHashAndReset()));
        }

        return new DatabaseSnapshot(tables);
    }

    /// <summary>The tables that differ, with their row counts before and after.</summary>
    public IReadOnlyList<string> Differences(DatabaseSnapshot after) =>
        Tables.Keys.Union(after.Tables.Keys)
            .Where(t => Tables.GetValueOrDefault(t) != after.Tables.GetValueOrDefault(t))
            .Select(t => $"{t} ({Tables.GetValueOrDefault(t).Rows} → {after.Tables.GetValueOrDefault(t).Rows} rows)")
            .ToList();

    /// <summary>Waits until the database stops changing (events of earlier calls settled), and returns it.</summary>
    public static async Task<DatabaseSnapshot> SettledAsync(string databaseFile, TimeSpan atMost)
    {
        var deadline = DateTime.UtcNow + atMost;
        var previous = await TakeAsync(databaseFile);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var current = await TakeAsync(databaseFile);
            if (current.Differences(previous).Count == 0 || DateTime.UtcNow > deadline)
            {
                return current;
            }

            previous = current;
        }
    }
}
