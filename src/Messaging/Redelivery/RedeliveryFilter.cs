using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Municipal.Messaging.Redelivery;

/// <summary>
/// Second-level redelivery on RabbitMQ without the delayed-message plugin (Debian's 3.10 has none). Around the
/// endpoint's quick retries: a message whose consumer still fails is published, body and headers as received, to the
/// wait queue of its next delay (<c>{endpoint}_retry_{delay}</c>, a queue with that message TTL whose expired
/// messages dead-letter back to the endpoint's queue), with <c>MT-Redelivery-Count</c> raised by one, and then
/// acknowledged. After the last delay the fault goes on to MassTransit, which parks the message in
/// <c>{endpoint}_error</c> with the fault recorded on it.
/// </summary>
/// <remarks>
/// MassTransit applies the endpoint's quick retries to each consumer's pipe, inside this filter, so the filter sees every
/// attempt's fault: it lets them pass until the last quick retry (<paramref name="quickRetries"/>) has failed.
/// </remarks>
internal sealed partial class RedeliveryFilter(BrokerLink broker, string endpoint, IReadOnlyList<TimeSpan> delays, int quickRetries, ILogger logger)
    : IFilter<ConsumeContext>
{
    public const string CountHeader = "MT-Redelivery-Count";

    public void Probe(ProbeContext context) => context.CreateFilterScope("second-level-redelivery");

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested
            && context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit)
            && !(Mendable(ex) && context.GetRetryAttempt() < quickRetries))
        {
            var count = Count(rabbit.Properties);
            var type = MessageType(context);
            if (Mendable(ex) && count < delays.Count && await TryRedeliverAsync(context, rabbit, count, type, ex))
            {
                return;
            }

            MessagingTelemetry.ConsumerParked.Add(1, new KeyValuePair<string, object?>("message_type", type));
            LogParked(type, context.MessageId, WaitQueueOptions.ErrorQueue(endpoint), count, ex.GetType().Name);
            throw;
        }
    }

    private async Task<bool> TryRedeliverAsync(ConsumeContext context, RabbitMqBasicConsumeContext rabbit, int count, string type, Exception fault)
    {
        var delay = delays[count];
        var queue = WaitQueueOptions.WaitQueue(endpoint, delay);
        try
        {
            var properties = new BasicProperties(rabbit.Properties)
            {
                Headers = new Dictionary<string, object?>(rabbit.Properties.Headers ?? new Dictionary<string, object?>()),
            };
            properties.Headers[CountHeader] = count + 1;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var channel = await broker.OpenChannelAsync(confirms: true, timeout.Token);
            // Declared at start-up too; again here (idempotent) in case a message fails before the start-up declared it.
            await RabbitMqTopology.DeclareWaitQueueAsync(channel, endpoint, delay, timeout.Token);
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, context.ReceiveContext.Body.GetBytes(), timeout.Token);
        }
        catch (Exception ex)
        {
            LogCouldNotRedeliver(ex, type, context.MessageId, queue);
            return false;
        }

        MessagingTelemetry.Redelivered.Add(1, new KeyValuePair<string, object?>("message_type", type));
        LogRedelivering(type, context.MessageId, fault.GetType().Name, count + 1, delays.Count, delay);
        return true;
    }

    /// <summary>Faults that waiting cannot mend go to the error queue at once, as they skip the quick retries.</summary>
    private static bool Mendable(Exception ex) => ex is not (ArgumentException or System.Text.Json.JsonException);

    internal static int Count(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(CountHeader, out var value) == true ? value switch
        {
            int n => n,
            long n => (int)n,
            byte[] text when int.TryParse(System.Text.Encoding.UTF8.GetString(text), out var n) => n,
            _ => 0,
        } : 0;

    private static string MessageType(ConsumeContext context) =>
        context.SupportedMessageTypes.FirstOrDefault()?.Replace("urn:message:", "", StringComparison.Ordinal) ?? "unknown";

    [LoggerMessage(LogLevel.Warning, "Consuming {MessageType} {MessageId} failed after its quick retries ({ExceptionType}); redelivery {Redelivery} of {Redeliveries} in {Delay}.")]
    private partial void LogRedelivering(string messageType, Guid? messageId, string exceptionType, int redelivery, int redeliveries, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Parking {MessageType} {MessageId} in {Queue} after {Redeliveries} redeliveries ({ExceptionType}); an admin can re-drive it.")]
    private partial void LogParked(string messageType, Guid? messageId, string queue, int redeliveries, string exceptionType);

    [LoggerMessage(LogLevel.Error, "Could not send {MessageType} {MessageId} to the wait queue {Queue}; it goes to the error queue instead.")]
    private partial void LogCouldNotRedeliver(Exception ex, string messageType, Guid? messageId, string queue);
}
