namespace Municipal.Messaging.Persistence;

/// <summary>The databases a Municipal service can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: a file, no set-up.</summary>
    Sqlite,

    /// <summary>Production.</summary>
    SqlServer,
}

public static class DatabaseProviders
{
    public const string SqliteName = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string SqlServerName = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>The last namespace segment under which a provider's migrations live: <c>…Migrations.Sqlite</c>, <c>…Migrations.SqlServer</c>.</summary>
    public static string MigrationsNamespaceSegment(string? efProviderName) => efProviderName switch
    {
        SqliteName => nameof(DatabaseProvider.Sqlite),
        SqlServerName => nameof(DatabaseProvider.SqlServer),
        _ => throw new NotSupportedException($"Database provider '{efProviderName}' is not supported."),
    };
}
