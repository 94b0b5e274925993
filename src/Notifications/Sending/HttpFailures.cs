using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Municipal.Notifications.Sending;

/// <summary>What an HTTP provider call may throw that a later try can mend (the resilience handler has retried already).</summary>
internal static class HttpFailures
{
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
