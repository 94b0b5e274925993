using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using System.Collections.Concurrent;

namespace Municipal.Messaging.Tests;

/// <summary>The relay keeps several publishes waiting for their confirms at once, but never two of one aggregate.</summary>
public sealed class RelayPipelineTests
{
    /// <summary>Each publish waits a while for its "confirm"; records when each started and ended, and how many overlapped.</summary>
    private sealed class SlowConfirms : IPublishObserver
    {
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public ConcurrentQueue<(string Number, Guid Request, long Start, long End)> Publishes { get; } = new();

        private readonly ConcurrentDictionary<Guid, long> _started = new();

        public async Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (Publishes)
            {
                MaxInFlight = Math.Max(MaxInFlight, now);
            }

            _started[context.MessageId!.Value] = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.Delay(40);
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            Interlocked.Decrement(ref _inFlight);
            var message = (RequestSubmitted)(object)context.Message;
            Publishes.Enqueue((message.Number, message.RequestId, _started[context.MessageId!.Value], System.Diagnostics.Stopwatch.GetTimestamp()));
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class
        {
            Interlocked.Decrement(ref _inFlight);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_batch_has_several_confirms_in_flight_and_the_events_of_one_aggregate_still_go_one_after_another_in_order()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = await ServiceHost.StartAsync("requests", TempDatabase.NewPath(), broker: null, start: false,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context)));
            });
        var harness = service.Host.Services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var relay = service.Host.Services.GetServices<IHostedService>().OfType<OutboxRelay<WidgetsDbContext>>().Single();
        await relay.StopAsync(CancellationToken.None);
        var confirms = new SlowConfirms();
        harness.Bus.ConnectPublishObserver(confirms);

        var requests = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        await service.InDatabaseAsync(async db =>
        {
            for (var n = 0; n < 20; n++)
            {
                db.EnqueueEvent(Events.Submitted(n) with { RequestId = requests[n % 4] }, clock); // interleaved: r0 r1 r2 r3 r0 r1 …
            }

            return await db.SaveChangesAsync();
        });

        var published = 0;
        while (published < 20)
        {
            var result = await relay.PublishPendingAsync(CancellationToken.None);
            Assert.True(result.Published > 0, "the relay stopped publishing");
            published += result.Published;
        }

        Assert.InRange(confirms.MaxInFlight, 3, 4); // several at once, never more than the four aggregates
        foreach (var request in requests)
        {
            var ofOne = confirms.Publishes.Where(p => p.Request == request).OrderBy(p => p.Start).ToList();
            Assert.Equal(5, ofOne.Count);
            Assert.Equal(ofOne.Select(p => p.Number).Order(), ofOne.Select(p => p.Number)); // in the order raised
            for (var i = 1; i < ofOne.Count; i++)
            {
                Assert.True(ofOne[i].Start >= ofOne[i - 1].End, "two events of one aggregate were in flight at once");
            }
        }
    }
}
