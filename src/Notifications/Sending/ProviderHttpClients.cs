using Microsoft.Extensions.Http.Resilience;

namespace Municipal.Notifications.Sending;

/// <summary>The HttpClients of providers whose calls send something: a paid SMS, a LINE push.</summary>
internal static class ProviderHttpClients
{
    /// <summary>
    /// Replaces the service defaults' standard resilience handler with one that keeps its timeouts, rate limiter and
    /// circuit breaker but never retries: such a call is not idempotent (a timeout after the provider accepted would
    /// send a second message). A failed send is tried again by the dispatcher, later, with the delivery's idempotency key.
    /// </summary>
    public static IHttpClientBuilder WithoutRetries(this IHttpClientBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the way to drop a handler ConfigureHttpClientDefaults added.
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddStandardResilienceHandler(options => options.Retry.ShouldHandle = _ => ValueTask.FromResult(false));
        return builder;
    }
}
