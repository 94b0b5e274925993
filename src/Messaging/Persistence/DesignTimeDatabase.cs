using Microsoft.EntityFrameworkCore;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// For each service's <c>IDesignTimeDbContextFactory</c>: <c>dotnet ef migrations add X -- --provider SqlServer</c>
/// builds the context for the named provider, so each provider keeps its own migrations.
/// </summary>
public static class DesignTimeDatabase
{
    public static DbContextOptions<TContext> Options<TContext>(string[] args) where TContext : DbContext
    {
        var index = Array.IndexOf(args, "--provider");
        var provider = index >= 0 && index + 1 < args.Length
            ? Enum.Parse<DatabaseProvider>(args[index + 1], ignoreCase: true)
            : DatabaseProvider.Sqlite;
        var connectionString = provider == DatabaseProvider.SqlServer
            ? "Server=localhost;Database=design;Trusted_Connection=True;TrustServerCertificate=True"
            : "Data Source=design.db";
        var builder = new DbContextOptionsBuilder<TContext>();
        ServiceDatabaseExtensions.Configure(builder, provider, connectionString);
        return builder.Options;
    }
}
