using Municipal.Contracts;
using Municipal.Messaging;
using RabbitMQ.Client;
using System.Text.Json;

namespace Municipal.Resilience.Tests;

/// <summary>
/// A durable queue of the test's own bound to <c>RequestSubmitted</c>'s exchange: a copy of every publication of
/// that event reaches it, so the test can count how often each request's event was published (consumers' inboxes
/// would hide a second publication).
/// </summary>
internal static class PublicationTap
{
    private const string Queue = "resilience-tap-request-submitted";

    public static async Task DeclareAsync(Uri broker)
    {
        await using var connection = await Factory(broker).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = Subscriptions.ExchangeName(typeof(RequestSubmitted));
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Queue, exchange, "");
    }

    /// <summary>Takes everything the tap holds: request id → the process id of the publisher of each copy of its event.</summary>
    public static async Task<Dictionary<Guid, List<int>>> DrainAsync(Uri broker)
    {
        await using var connection = await Factory(broker).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var copies = new Dictionary<Guid, List<int>>();
        while (await channel.BasicGetAsync(Queue, autoAck: true) is { } message)
        {
            // MassTransit's JSON envelope: { "messageId": …, "message": { "requestId": … }, "host": { "processId": … } }
            using var envelope = JsonDocument.Parse(message.Body);
            var id = envelope.RootElement.GetProperty("message").GetProperty("requestId").GetGuid();
            var publisher = envelope.RootElement.GetProperty("host").GetProperty("processId").GetInt32();
            if (!copies.TryGetValue(id, out var publishers))
            {
                copies[id] = publishers = [];
            }

            publishers.Add(publisher);
        }

        return copies;
    }

    private static ConnectionFactory Factory(Uri broker) => new() { Uri = broker, ClientProvidedName = "resilience-tests-tap" };
}
