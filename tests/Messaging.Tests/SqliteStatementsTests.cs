using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Municipal.Messaging.Persistence;
using System.Data.Common;

namespace Municipal.Messaging.Tests;

/// <summary>The provider settings every service uses on SQLite, as they shape the statements EF Core makes.</summary>
public sealed class SqliteStatementsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"municipal-statements-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task A_list_in_a_query_is_one_parameter_so_the_statement_is_made_once_for_every_list()
    {
        var statements = new Statements();
        var builder = new DbContextOptionsBuilder<WidgetsDbContext>();
        ServiceDatabaseExtensions.Configure(builder, DatabaseProvider.Sqlite, $"Data Source={_file}");
        var options = builder.AddInterceptors(statements).Options;
        var kept = new Widget { Name = "kept" };
        await using (var db = new WidgetsDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
            db.Widgets.AddRange(kept, new Widget { Name = "other" });
            await db.SaveChangesAsync();
        }

        statements.Texts.Clear();
        foreach (var size in (int[])[3, 3, 40])
        {
            await using var db = new WidgetsDbContext(options);
            var ids = Enumerable.Range(1, size - 1).Select(_ => Guid.NewGuid()).Append(kept.Id).ToList();
            Assert.Equal(["kept"], await db.Widgets.Where(w => ids.Contains(w.Id)).Select(w => w.Name).ToListAsync());
        }

        // The relay's, the inbox's and the dispatcher's batches are such lists: their statement's text is made once.
        Assert.Equal(3, statements.Texts.Count);
        Assert.All(statements.Texts, text => Assert.Same(statements.Texts[0], text));
    }

    private sealed class Statements : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
