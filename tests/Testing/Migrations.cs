using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Municipal.Messaging.Persistence;
using Xunit;

namespace Municipal.Testing;

/// <summary>Checks that a service's migrations, for each provider, are in step with its model.</summary>
public static class Migrations
{
    public static TContext Create<TContext>(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ServiceDbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        ServiceDatabaseExtensions.Configure(options, provider, provider == DatabaseProvider.SqlServer
            ? "Server=localhost;Database=check;Trusted_Connection=True;TrustServerCertificate=True"
            : "Data Source=:memory:");
        return create(options.Options);
    }

    /// <summary>Fails when the model has changes that no migration of this provider captures.</summary>
    public static void AssertInStep<TContext>(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ServiceDbContext
    {
        using var db = Create(provider, create);
        var migrations = db.GetService<IMigrationsAssembly>();
        Assert.NotEmpty(migrations.Migrations);
        Assert.NotNull(migrations.ModelSnapshot);
        Assert.All(migrations.Migrations.Values, m => Assert.EndsWith("." + provider, m.Namespace));
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations of {typeof(TContext).Name} lag the model: run scripts/add-migration.sh.");
    }

    /// <summary>The SQL Server script of all migrations, parsed as T-SQL: it must have no errors.</summary>
    public static void AssertSqlServerScriptParses<TContext>(Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ServiceDbContext
    {
        using var db = Create(DatabaseProvider.SqlServer, create);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("CREATE TABLE", script);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }
}
