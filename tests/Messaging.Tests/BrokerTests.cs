using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Outbox;
using Municipal.Testing;
using RabbitMQ.Client;
using System.Text;

namespace Municipal.Messaging.Tests;

/// <summary>The outbox, topology and error queue against a real RabbitMQ node of each test's own.</summary>
public sealed class BrokerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RabbitMqNode _broker = null!;

    public async Task InitializeAsync() => _broker = await RabbitMqNode.StartNewAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private Task<ServiceHost> StartPublisherAsync() => ServiceHost.StartAsync("requests", TempDatabase.NewPath(), _broker.Uri);

    private Task<ServiceHost> StartSubscriberAsync() => ServiceHost.StartAsync("notifications", TempDatabase.NewPath(), _broker.Uri,
        consumers: bus => bus.AddConsumer<RecordingConsumer>());

    private static Task StoreAsync(ServiceHost service, params string[] titles) => service.InDatabaseAsync(async db =>
    {
        var n = 0;
        foreach (var title in titles)
        {
            db.EnqueueEvent(Events.Submitted(++n, title));
        }

        return await db.SaveChangesAsync();
    });

    private static Task<int> EffectsAsync(ServiceHost subscriber) => subscriber.InDatabaseAsync(db => db.Widgets.CountAsync());

    [Fact]
    public async Task Events_stored_while_the_broker_is_down_are_delivered_once_it_is_back()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();
        await StoreAsync(publisher, "warm-up");
        await Eventually.TrueAsync(async () => await EffectsAsync(subscriber) == 1, Patience, "the warm-up event");

        await _broker.StopAsync();
        await StoreAsync(publisher, "a", "b", "c", "d", "e");
        await Eventually.TrueAsync(
            () => publisher.InDatabaseAsync(db => db.OutboxMessages.AnyAsync(m => m.SentAt == null && m.Attempts > 0)),
            Patience, "a failed publish attempt");
        Assert.Equal(5, await publisher.UnsentAsync());

        await _broker.StartAsync();
        await Eventually.TrueAsync(async () => await publisher.UnsentAsync() == 0, Patience, "the backlog to be published");
        await Eventually.TrueAsync(async () => await EffectsAsync(subscriber) == 6, Patience, "the backlog to be consumed");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(6, await EffectsAsync(subscriber));
    }

    [Fact]
    public async Task Events_published_before_their_subscriber_ever_started_wait_for_it_in_its_queue()
    {
        await using var publisher = await StartPublisherAsync();
        await StoreAsync(publisher, "early-1", "early-2", "early-3");
        // Published as mandatory: the broker accepts them only because the subscriber's queue already exists.
        await Eventually.TrueAsync(async () => await publisher.UnsentAsync() == 0, Patience, "the events to be published");

        await using var subscriber = await StartSubscriberAsync();
        await Eventually.TrueAsync(async () => await EffectsAsync(subscriber) == 3, Patience, "the early events");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_the_error_queue_with_its_fault_while_the_others_are_processed()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();
        await StoreAsync(publisher, "before", RecordingConsumer.PoisonTitle, "after");

        await Eventually.TrueAsync(async () => await EffectsAsync(subscriber) == 2, Patience, "the healthy messages");

        var factory = new ConnectionFactory { Uri = _broker.Uri };
        await using var connection = await factory.CreateConnectionAsync();
        var faulted = await Eventually.GetAsync(async () =>
        {
            // MassTransit creates the error queue with the first fault; asking for a missing queue closes the channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                return await channel.BasicGetAsync("notifications_error", autoAck: true);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return null;
            }
        }, Patience, "the error queue");
        var faultMessage = Encoding.UTF8.GetString((byte[])faulted.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.Contains("always fails", faultMessage);
        Assert.Contains(RecordingConsumer.PoisonTitle, Encoding.UTF8.GetString(faulted.Body.Span));
    }
}
