using RabbitMQ.Client;

namespace Municipal.Messaging.Redelivery;

/// <summary>
/// The service's own AMQP connection beside MassTransit's, for what MassTransit does not do here: sending a message to
/// a wait queue, and reading or re-driving the error queue. Opened on first use, opened again after it was lost.
/// </summary>
public sealed class BrokerLink(MessagingConnection connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>A new channel; with <paramref name="confirms"/>, each publish waits for the broker's confirmation.</summary>
    public async Task<IChannel> OpenChannelAsync(bool confirms, CancellationToken cancellationToken)
    {
        var amqp = await ConnectionAsync(cancellationToken);
        return await amqp.CreateChannelAsync(new CreateChannelOptions(confirms, confirms), cancellationToken);
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } opened)
            {
                return opened;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            var factory = new ConnectionFactory { Uri = connection.Uri, ClientProvidedName = "municipal-redelivery", AutomaticRecoveryEnabled = false };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}
