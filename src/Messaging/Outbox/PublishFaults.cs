using System.Net.Sockets;

namespace Municipal.Messaging.Outbox;

/// <summary>Tells a broker that is away from a message the broker refuses.</summary>
public static class PublishFaults
{
    /// <summary>
    /// Whether the publish failed because the broker could not be reached or did not answer in time (the connection
    /// lost or refused, a confirm that never came): no row is at fault then, so none is parked for it.
    /// </summary>
    public static bool IsBrokerUnreachable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is OperationCanceledException or TimeoutException or SocketException or IOException
                || ex.GetType().Namespace?.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) == true
                || ex.GetType().Name.Contains("Connection", StringComparison.Ordinal)
                || ex.GetType().Name is "TransportUnavailableException" or "MessageNotConfirmedException")
            {
                return true;
            }

            if (ex is AggregateException { InnerExceptions: [var first, ..] } && IsBrokerUnreachable(first))
            {
                return true;
            }
        }

        return false;
    }
}
