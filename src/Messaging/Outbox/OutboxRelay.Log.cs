using Microsoft.Extensions.Logging;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Outbox;

/// <summary>What the relay logs: ids and types only, never a payload.</summary>
internal sealed partial class OutboxRelay<TContext>
    where TContext : ServiceDbContext
{
    [LoggerMessage(LogLevel.Warning, "Publishing {MessageType} {MessageId} failed (attempt {Attempts}); retrying in {RetryIn}.")]
    private partial void LogPublishFailed(Exception ex, string messageType, Guid messageId, int attempts, TimeSpan retryIn);

    [LoggerMessage(LogLevel.Warning, "{MessageType} {MessageId} cannot be published by this build (attempt {Attempts}, {ExceptionType}); the other events go on.")]
    private partial void LogUnpublishable(string messageType, Guid messageId, int attempts, string exceptionType);

    [LoggerMessage(LogLevel.Error, "Parked {MessageType} {MessageId} after {Attempts} failed attempts ({ExceptionType}); later events of its aggregate wait until an admin re-drives it.")]
    private partial void LogParked(string messageType, Guid messageId, int attempts, string exceptionType);

    [LoggerMessage(LogLevel.Information, "The outbox relay's lease is running out after {Published} of {Claimed} events; it marks those and claims again.")]
    private partial void LogLeaseRunningOut(int published, int claimed);

    [LoggerMessage(LogLevel.Error, "The outbox relay could not read its table; retrying.")]
    private partial void LogRelayFailed(Exception ex);
}
