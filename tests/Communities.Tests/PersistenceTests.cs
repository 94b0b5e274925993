using Municipal.Communities.Infrastructure;
using Municipal.Messaging.Persistence;
using Municipal.Testing;

namespace Municipal.Communities.Tests;

public sealed class PersistenceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Migrations_are_in_step_with_the_model(DatabaseProvider provider) =>
        Migrations.AssertInStep<CommunitiesDbContext>(provider, options => new CommunitiesDbContext(options));

    [Fact]
    public void The_sql_server_migration_script_is_valid_t_sql() =>
        Migrations.AssertSqlServerScriptParses<CommunitiesDbContext>(options => new CommunitiesDbContext(options));

    [Fact]
    public void The_broker_topology_declares_exactly_what_the_service_consumes() =>
        Topology.AssertSubscriptionsMatchConsumers(typeof(CommunitiesDbContext).Assembly, Extensions.EndpointName);
}
