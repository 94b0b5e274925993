using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Testing;

namespace Municipal.Messaging.Tests;

/// <summary>The idempotent inbox, against MassTransit's in-memory test harness.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private ServiceHost _service = null!;

    private ITestHarness Harness => _service.Host.Services.GetRequiredService<ITestHarness>();

    public async Task InitializeAsync() =>
        _service = await ServiceHost.StartAsync("notifications", TempDatabase.NewPath(), broker: null,
            consumers: bus => bus.AddConsumer<RecordingConsumer>(),
            services: s => s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) =>
                memory.ReceiveEndpoint("notifications", endpoint => MessagingExtensions.ConfigureEndpoint(endpoint, context)))));

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_message_delivered_twice_has_one_effect()
    {
        var messageId = Guid.NewGuid();
        var message = Events.Submitted(7);
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);

        Assert.True(await Harness.GetConsumerHarness<RecordingConsumer>().Consumed.Any<RequestSubmitted>());
        await Harness.InactivityTask; // both deliveries handled

        Assert.Equal(1, await _service.InDatabaseAsync(db => db.Widgets.CountAsync()));
        Assert.Equal(1, await _service.InDatabaseAsync(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task Different_messages_each_have_their_effect()
    {
        await Harness.Bus.Publish(Events.Submitted(8));
        await Harness.Bus.Publish(Events.Submitted(9));

        await Eventually.TrueAsync(async () => await _service.InDatabaseAsync(db => db.Widgets.CountAsync()) == 2, what: "two effects");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_retried_then_faulted_without_an_effect()
    {
        await Harness.Bus.Publish(Events.Submitted(10, RecordingConsumer.PoisonTitle));

        Assert.True(await Harness.Published.Any<Fault<RequestSubmitted>>(), "a fault is published after the last retry");
        var consumer = Harness.GetConsumerHarness<RecordingConsumer>();
        var attempts = consumer.Consumed.Select<RequestSubmitted>().Count(c => c.Exception is not null);
        Assert.True(attempts >= 1);
        Assert.Equal(0, await _service.InDatabaseAsync(db => db.InboxMessages.CountAsync()));
    }
}
