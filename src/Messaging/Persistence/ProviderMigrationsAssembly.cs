using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using System.Reflection;

namespace Municipal.Messaging.Persistence;

/// <summary>
/// Lets one DbContext carry migrations for both SQLite and SQL Server in one assembly: only the
/// migrations (and the model snapshot) in the namespace named after the active provider count,
/// e.g. <c>Municipal.Requests.Infrastructure.Migrations.SqlServer</c>.
/// </summary>
internal sealed class ProviderMigrationsAssembly : IMigrationsAssembly
{
    private readonly Type _contextType;
    private readonly IMigrationsIdGenerator _idGenerator;
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public ProviderMigrationsAssembly(ICurrentDbContext currentContext, IMigrationsIdGenerator idGenerator)
    {
        _contextType = currentContext.Context.GetType();
        _idGenerator = idGenerator;
        Assembly = _contextType.Assembly;
        var segment = DatabaseProviders.MigrationsNamespaceSegment(currentContext.Context.Database.ProviderName);

        bool ForThisContextAndProvider(TypeInfo t) =>
            t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
            && t.Namespace is { } ns && ns.EndsWith("." + segment, StringComparison.Ordinal);

        _migrations = new(() => Assembly.DefinedTypes
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && ForThisContextAndProvider(t))
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t))
            .Where(m => m.Id is not null)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(m => m.Id!, m => m.Type));

        _snapshot = new(() => Assembly.DefinedTypes
            .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract && ForThisContextAndProvider(t))
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
            .FirstOrDefault());
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(
        _idGenerator.IsValidId(nameOrId)
            ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : id => string.Equals(_idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}
