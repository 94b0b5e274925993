using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Municipal.Messaging.Redelivery;

/// <summary>A message parked in the service's error queue, with the fault MassTransit recorded on it.</summary>
public sealed record ParkedMessage(
    Guid? MessageId, string? MessageType, string? ExceptionType, string? Fault, int Redeliveries, DateTimeOffset? ParkedAt);

/// <summary>The messages a service's consumers gave up on: <c>{endpoint}_error</c>, listed and re-driven.</summary>
public interface IParkedMessages
{
    /// <summary>The queue they are parked in, e.g. <c>scheduling_error</c>.</summary>
    string Queue { get; }

    Task<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>Oldest first, without taking them off the queue.</summary>
    Task<(IReadOnlyList<ParkedMessage> Items, int Total)> ListAsync(int skip, int take, CancellationToken cancellationToken);

    /// <summary>Moves the message back to the service's queue, with a fresh round of redeliveries; false when it is not parked.</summary>
    Task<bool> RedriveAsync(Guid messageId, CancellationToken cancellationToken);
}

/// <summary>No broker (the in-memory transport): nothing is ever parked.</summary>
internal sealed class NoParkedMessages(string endpoint) : IParkedMessages
{
    public string Queue => WaitQueueOptions.ErrorQueue(endpoint);

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<(IReadOnlyList<ParkedMessage> Items, int Total)> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        Task.FromResult<(IReadOnlyList<ParkedMessage>, int)>(([], 0));

    public Task<bool> RedriveAsync(Guid messageId, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>
/// The error queue on RabbitMQ. It has no consumer, so it is read by taking messages without acknowledging them and
/// closing the channel, which puts them back where they were. A re-driven message is published to the service's queue
/// (confirmed) before it is acknowledged off the error queue: at worst it arrives twice, which the inbox absorbs.
/// </summary>
internal sealed class RabbitMqParkedMessages(BrokerLink broker, string endpoint) : IParkedMessages
{
    /// <summary>How many messages one listing or re-drive looks through at most.</summary>
    public const int MaxScan = 1000;

    private static readonly string[] FaultHeaders = ["MT-Reason", RedeliveryFilter.CountHeader, "x-death", "x-first-death-exchange",
        "x-first-death-queue", "x-first-death-reason", "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason"];

    public string Queue => WaitQueueOptions.ErrorQueue(endpoint);

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var channel = await broker.OpenChannelAsync(confirms: false, cancellationToken);
        return (int)(await DeclaredAsync(channel, cancellationToken) ?? 0);
    }

    public async Task<(IReadOnlyList<ParkedMessage> Items, int Total)> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var channel = await broker.OpenChannelAsync(confirms: false, cancellationToken);
        if (await DeclaredAsync(channel, cancellationToken) is not { } total)
        {
            return ([], 0);
        }

        var items = new List<ParkedMessage>();
        for (var i = 0; i < Math.Min(total, MaxScan) && items.Count < skip + take; i++)
        {
            if (await channel.BasicGetAsync(Queue, autoAck: false, cancellationToken) is not { } message)
            {
                break;
            }

            items.Add(Read(message));
        }

        // Closing the channel without acknowledging puts them back.
        return (items.Skip(skip).ToList(), (int)total);
    }

    public async Task<bool> RedriveAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var channel = await broker.OpenChannelAsync(confirms: true, cancellationToken);
        if (await DeclaredAsync(channel, cancellationToken) is not { } total)
        {
            return false;
        }

        for (var i = 0; i < Math.Min(total, MaxScan); i++)
        {
            if (await channel.BasicGetAsync(Queue, autoAck: false, cancellationToken) is not { } message)
            {
                break;
            }

            if (!Guid.TryParse(message.BasicProperties.MessageId, out var id) || id != messageId)
            {
                continue;
            }

            var headers = new Dictionary<string, object?>(message.BasicProperties.Headers ?? new Dictionary<string, object?>());
            foreach (var name in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || FaultHeaders.Contains(k)).ToList())
            {
                headers.Remove(name);
            }

            var properties = new BasicProperties(message.BasicProperties) { Headers = headers };
            await channel.BasicPublishAsync("", endpoint, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>The queue's message count; null when it does not exist yet (MassTransit declares it when it first parks one).</summary>
    private async Task<uint?> DeclaredAsync(IChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(Queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private static ParkedMessage Read(BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        var fault = Header(headers, "MT-Fault-Message");
        return new ParkedMessage(
            Guid.TryParse(message.BasicProperties.MessageId, out var id) ? id : null,
            MessageTypeOf(message.Body.Span),
            Header(headers, "MT-Fault-ExceptionType"),
            fault is { Length: > 500 } ? fault[..500] : fault,
            RedeliveryFilter.Count(message.BasicProperties),
            DateTimeOffset.TryParse(Header(headers, "MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null);
    }

    /// <summary>The contract's name from MassTransit's envelope (<c>urn:message:Municipal.Contracts:PersonErased</c>).</summary>
    private static string? MessageTypeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var envelope = JsonDocument.ParseValue(ref reader);
            return envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].GetString()?.Replace("urn:message:", "", StringComparison.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;
}
