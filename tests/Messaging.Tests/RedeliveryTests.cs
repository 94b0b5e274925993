using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Redelivery;
using Municipal.Testing;
using System.Data.Common;

namespace Municipal.Messaging.Tests;

/// <summary>Second-level redelivery through the wait queues, and the error queue behind it, on a real RabbitMQ node.</summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    private const string PersonErasedType = "Municipal.Contracts:PersonErased";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private RabbitMqNode _broker = null!;

    public async Task InitializeAsync() => _broker = await RabbitMqNode.StartNewAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<ServiceHost> StartSchedulingAsync(DatabaseOutage outage, params string[] delays) =>
        ServiceHost.StartAsync("scheduling", TempDatabase.NewPath(), _broker.Uri,
            consumers: bus => bus.AddConsumer<ErasingConsumer>(),
            services: s => s.ConfigureDbContext<WidgetsDbContext>((_, db) => db.AddInterceptors(outage)),
            settings: delays.Select((d, i) => KeyValuePair.Create($"Messaging:Redelivery:Delays:{i}", (string?)d)).ToDictionary());

    private static async Task<Guid> EraseAsync(ServiceHost communities, Guid person) => await communities.InDatabaseAsync(async db =>
    {
        var id = db.EnqueueEvent(new PersonErased { PersonId = person, OccurredAt = DateTimeOffset.UtcNow }).Id;
        await db.SaveChangesAsync();
        return id;
    });

    private static Task<bool> KnowsAsync(ServiceHost scheduling, Guid person) =>
        scheduling.InDatabaseAsync(db => db.Widgets.AnyAsync(w => w.Name == ErasingConsumer.NameFor(person)));

    private static async Task RememberAsync(ServiceHost scheduling, Guid person) => await scheduling.InDatabaseAsync(db =>
    {
        db.Widgets.Add(new Widget { Name = ErasingConsumer.NameFor(person) });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_PersonErased_that_arrives_while_the_database_is_down_for_longer_than_the_quick_retries_is_applied_once_it_is_back()
    {
        var outage = new DatabaseOutage();
        await using var scheduling = await StartSchedulingAsync(outage, "00:00:02", "00:00:04", "00:00:08", "00:00:16", "00:00:32");
        await using var communities = await ServiceHost.StartAsync("communities", TempDatabase.NewPath(), _broker.Uri);
        var person = Guid.NewGuid();
        await RememberAsync(scheduling, person);
        using var redelivered = new CounterListener("municipal.consumer.redelivered", PersonErasedType);

        // The database goes away; the erasure arrives. Its quick retries (well under a second here) are spent at once,
        // and the database stays away for 20 s more, far beyond them.
        outage.Down = true;
        await EraseAsync(communities, person);
        await Eventually.TrueAsync(() => Task.FromResult(redelivered.Total >= 1), Patience, "the erasure sent to a wait queue");
        await Task.Delay(TimeSpan.FromSeconds(20));
        outage.Down = false;

        // Nobody touches anything: the next redelivery applies it.
        await Eventually.TrueAsync(async () => !await KnowsAsync(scheduling, person), Patience, "the erasure applied");
        Assert.True(redelivered.Total >= 2, $"redelivered {redelivered.Total} time(s)");
        var parked = scheduling.Host.Services.GetRequiredService<IParkedMessages>();
        Assert.Equal(0, await parked.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_message_that_fails_through_every_redelivery_is_parked_with_its_fault_shown_and_applied_when_an_admin_redrives_it()
    {
        var outage = new DatabaseOutage();
        await using var scheduling = await StartSchedulingAsync(outage, "00:00:01", "00:00:02");
        await using var communities = await ServiceHost.StartAsync("communities", TempDatabase.NewPath(), _broker.Uri);
        var person = Guid.NewGuid();
        await RememberAsync(scheduling, person);
        outage.Down = true; // and stays down through every redelivery
        using var parkedCount = new CounterListener("municipal.consumer.parked", PersonErasedType);

        var messageId = await EraseAsync(communities, person);
        var parked = scheduling.Host.Services.GetRequiredService<IParkedMessages>();
        var listed = await Eventually.GetAsync(async () =>
        {
            var (items, _) = await parked.ListAsync(0, 10, CancellationToken.None);
            return items.Count > 0 ? items : null;
        }, Patience, "the erasure parked in scheduling_error");

        var message = Assert.Single(listed);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(PersonErasedType, message.MessageType);
        Assert.Equal(typeof(SqliteException).FullName, message.ExceptionType);
        Assert.Equal(2, message.Redeliveries);
        Assert.Equal(1, parkedCount.Total);
        // Each of the three deliveries (the first and two redeliveries) had its quick retries first: three tries each
        // (Messaging:Retry:Limit is 2 in these hosts).
        Assert.Equal(9, outage.InboxLookups);

        // Listing left it where it was, nothing was applied, and the health report says it is there.
        Assert.Equal(1, await parked.CountAsync(CancellationToken.None));
        outage.Down = false;
        Assert.True(await KnowsAsync(scheduling, person));
        var health = await scheduling.Host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Name == "messaging-parked");
        var entry = health.Entries["messaging-parked"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("1", entry.Data["parkedMessages"]);

        // Mended: an admin re-drives it, and it is applied.
        Assert.True(await parked.RedriveAsync(messageId, CancellationToken.None));
        await Eventually.TrueAsync(async () => !await KnowsAsync(scheduling, person), Patience, "the re-driven erasure applied");
        Assert.Equal(0, await parked.CountAsync(CancellationToken.None));
        Assert.False(await parked.RedriveAsync(messageId, CancellationToken.None));
    }
}

/// <summary>Scheduling's side of an erasure, on the widgets: the person's copy is deleted.</summary>
public sealed class ErasingConsumer(WidgetsDbContext db, TimeProvider time) : IdempotentConsumer<PersonErased, WidgetsDbContext>(db, time)
{
    public static string NameFor(Guid person) => $"person:{person:D}";

    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken) =>
        await Db.Widgets.Where(w => w.Name == NameFor(context.Message.PersonId)).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>
/// The service's database, unreachable while <see cref="Down"/>: every command fails as SQLite's do on a file it cannot
/// open. Counts the refused inbox look-ups, the first thing each try of a consumer does.
/// </summary>
public sealed class DatabaseOutage : DbCommandInterceptor
{
    private int _inboxLookups;

    public volatile bool Down;

    public int InboxLookups => Volatile.Read(ref _inboxLookups);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Refuse(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Refuse(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Refuse(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Refuse(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Refuse(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Refuse(command, result));

    private T Refuse<T>(DbCommand command, T result)
    {
        if (!Down)
        {
            return result;
        }

        if (command.CommandText.Contains("\"InboxMessages\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _inboxLookups);
        }

        throw new SqliteException("unable to open database file (the test's outage)", 14);
    }
}
