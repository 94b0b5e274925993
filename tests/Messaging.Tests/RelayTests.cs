using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Testing;

namespace Municipal.Messaging.Tests;

/// <summary>The relay, against MassTransit's in-memory test harness.</summary>
public sealed class RelayTests
{
    private static Task<ServiceHost> StartPublisherAsync(string databasePath) =>
        ServiceHost.StartAsync("requests", databasePath, broker: null,
            services: s => s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context))));

    [Fact]
    public async Task Stored_events_are_published_in_order_with_the_row_id_as_message_id_then_marked_sent()
    {
        await using var service = await StartPublisherAsync(TempDatabase.NewPath());
        var rowIds = await service.InDatabaseAsync(async db =>
        {
            var ids = Enumerable.Range(1, 20).Select(n => db.EnqueueEvent(Events.Submitted(n)).Id).ToList();
            await db.SaveChangesAsync();
            return ids;
        });

        await Eventually.TrueAsync(async () => await service.UnsentAsync() == 0, what: "all events sent");

        var harness = service.Host.Services.GetRequiredService<ITestHarness>();
        var published = harness.Published.Select<RequestSubmitted>().ToList();
        Assert.Equal(rowIds, published.Select(p => p.Context.MessageId!.Value).ToList());
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"R-{n:D5}"), published.Select(p => p.Context.Message.Number));
        var rows = await service.InDatabaseAsync(db => db.OutboxMessages.ToListAsync());
        Assert.All(rows, r => Assert.NotNull(r.SentAt));
        Assert.All(rows, r => Assert.Null(r.LockToken));
    }

    [Fact]
    public async Task Two_relays_sharing_one_database_publish_each_event_once()
    {
        var database = TempDatabase.NewPath();
        await using var first = await StartPublisherAsync(database);
        await using var second = await StartPublisherAsync(database);

        for (var batch = 0; batch < 10; batch++)
        {
            var writer = batch % 2 == 0 ? first : second;
            await writer.InDatabaseAsync(async db =>
            {
                for (var n = 0; n < 20; n++)
                {
                    db.EnqueueEvent(Events.Submitted(batch * 20 + n));
                }

                return await db.SaveChangesAsync();
            });
        }

        await Eventually.TrueAsync(async () => await first.UnsentAsync() == 0, what: "all events sent");

        var ids = new[] { first, second }
            .SelectMany(s => s.Host.Services.GetRequiredService<ITestHarness>().Published.Select<RequestSubmitted>())
            .Select(p => p.Context.MessageId!.Value)
            .ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(200, ids.Distinct().Count());
    }
}
