using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
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

    [Fact]
    public async Task A_batch_whose_lease_runs_low_marks_what_it_published_and_hands_back_the_rest()
    {
        // Each publish takes six seconds of the relay's clock. With the 60 s lease and the test host's 3 s publish
        // timeout the relay stops starting publishes 60 - 3 - 30 = 27 s after its claim: five are published (at 0, 6,
        // 12, 18 and 24 s), then it marks them and lets go of the other fifteen, so no other replica could take over
        // a row it had published but not marked.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = await ServiceHost.StartAsync("requests", TempDatabase.NewPath(), broker: null, start: false,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context)));
            });
        var harness = service.Host.Services.GetRequiredService<ITestHarness>();
        await harness.Start(); // starts the host's background services too: stop the relay's loop, this test drives it
        var relay = service.Host.Services.GetServices<IHostedService>().OfType<OutboxRelay<WidgetsDbContext>>().Single();
        await relay.StopAsync(CancellationToken.None);
        harness.Bus.ConnectPublishObserver(new SlowPublishes(clock, TimeSpan.FromSeconds(6)));
        var ids = await service.InDatabaseAsync(async db =>
        {
            var rows = Enumerable.Range(1, 20).Select(n => db.EnqueueEvent(Events.Submitted(n), clock).Id).ToList();
            await db.SaveChangesAsync();
            return rows;
        });

        var result = await relay.PublishPendingAsync(CancellationToken.None);

        Assert.Equal((5, (TimeSpan?)null, true), result);
        Assert.Equal(ids.Take(5), harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList());
        var rows = await service.InDatabaseAsync(db => db.OutboxMessages.OrderBy(m => m.Sequence).ToListAsync());
        Assert.All(rows.Take(5), r => Assert.NotNull(r.SentAt));
        Assert.All(rows.Skip(5), r => Assert.True(r.SentAt is null && r.LockToken is null && r.LockedUntil is null));

        // The next claim goes on from the sixth.
        var next = await relay.PublishPendingAsync(CancellationToken.None);
        Assert.Equal(5, next.Published);
        Assert.Equal(ids.Take(10), harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList());
    }

    [Fact]
    public async Task After_a_failed_publish_the_relay_keeps_its_rows_for_its_own_retry_and_another_relay_takes_them_only_when_it_is_gone()
    {
        // The broker may have taken a message whose confirm was lost; if a second relay published it again, the
        // event would leave the outbox twice from two relays.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = TempDatabase.NewPath();
        await using var first = await StartDrivenAsync(database, clock);
        await using var second = await StartDrivenAsync(database, clock);
        var failing = new FailingPublishes();
        first.Harness.Bus.ConnectPublishObserver(failing);
        var ids = await first.Service.InDatabaseAsync(async db =>
        {
            var rows = Enumerable.Range(1, 5).Select(n => db.EnqueueEvent(Events.Submitted(n), clock).Id).ToList();
            await db.SaveChangesAsync();
            return rows;
        });

        var failed = await first.Relay.PublishPendingAsync(CancellationToken.None);
        Assert.Equal(0, failed.Published);
        clock.Advance(failed.RetryIn!.Value);

        // Due again, but still the first relay's: the second publishes nothing, the first tries again (and fails).
        Assert.Equal(0, (await second.Relay.PublishPendingAsync(CancellationToken.None)).Published);
        var again = await first.Relay.PublishPendingAsync(CancellationToken.None);
        Assert.Equal(0, again.Published);
        Assert.Equal(2, await first.Service.InDatabaseAsync(db => db.OutboxMessages.Where(m => m.Id == ids[0]).Select(m => m.Attempts).SingleAsync()));
        Assert.Equal(2, failing.Attempts);

        // The first relay is gone: once its hold (retry time and a lease) has passed, the second takes all five, in order.
        clock.Advance(again.RetryIn!.Value + TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await second.Relay.PublishPendingAsync(CancellationToken.None)).Published);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(5, (await second.Relay.PublishPendingAsync(CancellationToken.None)).Published);
        Assert.Equal(ids, second.Harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList());
        Assert.All(first.Harness.Published.Select<RequestSubmitted>(), p => Assert.NotNull(p.Exception)); // only the two failed tries
    }

    [Fact]
    public async Task A_row_that_cannot_be_published_is_parked_after_its_attempts_and_holds_back_only_the_later_events_of_its_aggregate()
    {
        // A row of a type this build does not know (written by a newer replica during a rolling deploy), then a later
        // event of the same request, then three events of other requests.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var relay = await StartDrivenAsync(TempDatabase.NewPath(), clock, s =>
        {
            s.PostConfigure<OutboxOptions>(o => o.MaxAttempts = 3);
            s.AddSingleton<ILoggerProvider>(logs);
        });
        using var parkedCount = new CounterListener("municipal.outbox.parked");
        var request = Guid.NewGuid();
        var (unknown, behind, others) = await relay.Service.InDatabaseAsync(async db =>
        {
            var row = new OutboxMessage
            {
                Id = Guid.CreateVersion7(),
                MessageType = "Municipal.Contracts.RequestWithdrawnInAFutureRelease",
                Payload = "{\"requestId\":\"" + request + "\"}",
                CreatedAt = clock.GetUtcNow().AddSeconds(-1),
                OrderingKey = $"request:{request:D}",
            };
            db.OutboxMessages.Add(row);
            var later = db.EnqueueEvent(Events.Submitted(1) with { RequestId = request }, clock).Id;
            var rest = Enumerable.Range(2, 3).Select(n => db.EnqueueEvent(Events.Submitted(n), clock).Id).ToList();
            await db.SaveChangesAsync();
            return (row.Id, later, rest);
        });

        // Every round: the other requests' events flow; the unknown row fails, and the event behind it waits.
        for (var round = 0; round < 3; round++)
        {
            await relay.Relay.PublishPendingAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var published = relay.Harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList();
        Assert.Equal(others, published);
        var parked = await relay.Service.InDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == unknown));
        Assert.NotNull(parked.ParkedAt);
        Assert.Equal(3, parked.Attempts);
        Assert.Null(parked.SentAt);
        Assert.Contains("RequestWithdrawnInAFutureRelease", parked.LastError);
        Assert.Equal(1, parkedCount.Total);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(unknown.ToString(), error.Message);
        Assert.DoesNotContain(request.ToString(), error.Message);

        // Parked: it is tried no more, its request's later event still waits behind it, and new events of others flow.
        var another = await relay.Service.InDatabaseAsync(async db =>
        {
            var id = db.EnqueueEvent(Events.Submitted(9), clock).Id;
            await db.SaveChangesAsync();
            return id;
        });
        await relay.Relay.PublishPendingAsync(CancellationToken.None);
        Assert.Equal([.. others, another], relay.Harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList());
        var waiting = await relay.Service.InDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == behind));
        Assert.True(waiting is { SentAt: null, ParkedAt: null, Attempts: 0 });
        Assert.Equal(3, (await relay.Service.InDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == unknown))).Attempts);
    }

    [Fact]
    public async Task An_event_another_relay_is_publishing_holds_back_the_later_events_of_its_aggregate_only()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await StartDrivenAsync(TempDatabase.NewPath(), clock);
        var request = Guid.NewGuid();
        var (first, behind, other) = await relay.Service.InDatabaseAsync(async db =>
        {
            var a1 = db.EnqueueEvent(Events.Submitted(1) with { RequestId = request }, clock).Id;
            var a2 = db.EnqueueEvent(Events.Submitted(2) with { RequestId = request }, clock).Id;
            var b1 = db.EnqueueEvent(Events.Submitted(3), clock).Id;
            await db.SaveChangesAsync();
            return (a1, a2, b1);
        });
        // Another replica's relay has claimed the first and is publishing it.
        var until = clock.GetUtcNow().AddSeconds(30);
        await relay.Service.InDatabaseAsync(db => db.OutboxMessages.Where(m => m.Id == first)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, Guid.NewGuid()).SetProperty(m => m.LockedUntil, until)));

        await relay.Relay.PublishPendingAsync(CancellationToken.None);

        Assert.Equal([other], relay.Harness.Published.Select<RequestSubmitted>().Select(p => p.Context.MessageId!.Value).ToList());
        var waiting = await relay.Service.InDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == behind));
        Assert.True(waiting is { SentAt: null, LockToken: null });
    }

    [Fact]
    public async Task Events_stored_with_one_ordering_key_are_published_in_the_order_they_were_raised()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await StartDrivenAsync(TempDatabase.NewPath(), clock);
        var request = Guid.NewGuid();
        var keys = await relay.Service.InDatabaseAsync(async db =>
        {
            var submitted = db.EnqueueEvent(Events.Submitted(1) with { RequestId = request }, clock);
            var explicitKey = db.EnqueueEvent(Events.Submitted(2), clock, orderingKey: "custom:1");
            await db.SaveChangesAsync();
            return (submitted.OrderingKey, explicitKey.OrderingKey);
        });

        Assert.Equal($"request:{request:D}", keys.Item1);
        Assert.Equal("custom:1", keys.Item2);
    }

    [Fact]
    public void Every_event_contract_has_an_ordering_key()
    {
        string[] parts = [nameof(ContactDetails), nameof(SessionSnapshot), nameof(OverdueRequest)];
        var missing = MessageTypes.All.Where(t => !parts.Contains(t.Name) && !OrderingKeys.Covers(t)).Select(t => t.Name).ToList();
        Assert.Empty(missing);
    }

    private sealed record DrivenRelay(ServiceHost Service, ITestHarness Harness, OutboxRelay<WidgetsDbContext> Relay) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Service.DisposeAsync();
    }

    /// <summary>A service whose relay the test drives itself, on the given clock.</summary>
    private static async Task<DrivenRelay> StartDrivenAsync(string database, FakeTimeProvider clock, Action<IServiceCollection>? more = null)
    {
        var service = await ServiceHost.StartAsync("requests", database, broker: null, start: false,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context)));
                more?.Invoke(s);
            });
        var harness = service.Host.Services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var relay = service.Host.Services.GetServices<IHostedService>().OfType<OutboxRelay<WidgetsDbContext>>().Single();
        await relay.StopAsync(CancellationToken.None);
        return new DrivenRelay(service, harness, relay);
    }

    /// <summary>Fails every publish, as a broker that went away would.</summary>
    private sealed class FailingPublishes : IPublishObserver
    {
        public int Attempts { get; private set; }

        public Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            Attempts++;
            throw new InvalidOperationException("The broker is away.");
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    /// <summary>Moves the relay's clock on with every publish, as a slow broker would.</summary>
    private sealed class SlowPublishes(FakeTimeProvider clock, TimeSpan each) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            clock.Advance(each);
            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
