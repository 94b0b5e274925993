using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Municipal.Communities.Infrastructure;

/// <summary>
/// Tells whether the registry's database changed since it was last asked, for answers kept in memory. On SQLite it is
/// <c>PRAGMA data_version</c> on a connection of its own, which never writes: the number changes whenever any other
/// connection commits, this process's or another's (a replica, a tool), so a change is seen by the very next read. On
/// SQL Server there is no such cheap stamp: null, and nothing is kept.
/// </summary>
public sealed class RegistryChangeStamp(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommand? _command;
    private bool _unsupported;

    /// <summary>The current stamp; null when the provider offers none (then nothing may be kept).</summary>
    public async ValueTask<long?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_unsupported)
        {
            return null;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_command is null && !await OpenAsync(cancellationToken))
            {
                return null;
            }

            return (long)(await _command!.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (SqliteException)
        {
            Close(); // opened again by the next read
            throw;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<bool> OpenAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunitiesDbContext>();
        if (!db.IsSqlite)
        {
            _unsupported = true;
            return false;
        }

        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        await _connection.OpenAsync(cancellationToken);
        _command = _connection.CreateCommand();
        _command.CommandText = "PRAGMA data_version;";
        return true;
    }

    private void Close()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }

    public void Dispose()
    {
        Close();
        _lock.Dispose();
    }
}
