using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Redelivery;
using RabbitMQ.Client;

namespace Municipal.Messaging;

/// <summary>
/// Declares every subscriber's queue, its endpoint exchange and the bindings from each consumed
/// event's exchange, exactly as MassTransit declares them when that subscriber starts (durable
/// fanout exchanges, a durable classic queue with no arguments, exchange-to-exchange bindings).
/// Declarations are idempotent, so whichever service starts first makes them. Each service also declares its own
/// redelivery wait queues (<see cref="WaitQueueOptions"/>).
/// </summary>
internal sealed partial class RabbitMqTopology(
    MessagingConnection connection, MessagingEndpoint endpoint, IOptions<WaitQueueOptions> redelivery, TopologyReady ready, TimeProvider time,
    ILogger<RabbitMqTopology> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeclareAsync(connection.Uri, stoppingToken);
                await DeclareWaitQueuesAsync(connection.Uri, endpoint.Name, redelivery.Value.EffectiveDelays, stoppingToken);
                ready.MarkReady();
                LogDeclared(Subscriptions.ByEndpoint.Count);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotYet(ex, delay);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    public static async Task DeclareAsync(Uri broker, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "municipal-topology" };
        await using var amqp = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var (endpoint, messageTypes) in Subscriptions.ByEndpoint)
        {
            await channel.QueueDeclareAsync(endpoint, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeDeclareAsync(endpoint, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(endpoint, endpoint, "", cancellationToken: cancellationToken);
            foreach (var messageType in messageTypes)
            {
                var exchange = Subscriptions.ExchangeName(messageType);
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await channel.ExchangeBindAsync(destination: endpoint, source: exchange, routingKey: "", cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>
    /// One wait queue per redelivery delay: messages expire after the delay and dead-letter, through the default
    /// exchange, straight back to the endpoint's queue. One delay per queue keeps each queue in expiry order.
    /// </summary>
    public static async Task DeclareWaitQueuesAsync(Uri broker, string endpoint, IReadOnlyList<TimeSpan> delays, CancellationToken cancellationToken)
    {
        if (delays.Count == 0)
        {
            return;
        }

        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "municipal-topology" };
        await using var amqp = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var delay in delays.Distinct())
        {
            await DeclareWaitQueueAsync(channel, endpoint, delay, cancellationToken);
        }
    }

    /// <summary>The wait queue of one delay: its messages expire after the delay and go back to <paramref name="endpoint"/>'s queue.</summary>
    public static Task<QueueDeclareOk> DeclareWaitQueueAsync(IChannel channel, string endpoint, TimeSpan delay, CancellationToken cancellationToken) =>
        channel.QueueDeclareAsync(WaitQueueOptions.WaitQueue(endpoint, delay), durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = endpoint,
            }, cancellationToken: cancellationToken);

    [LoggerMessage(LogLevel.Information, "Declared the queues and bindings of {Count} endpoints on the broker.")]
    private partial void LogDeclared(int count);

    [LoggerMessage(LogLevel.Warning, "The broker is not reachable yet to declare topology; retrying in {Delay}.")]
    private partial void LogNotYet(Exception ex, TimeSpan delay);
}
