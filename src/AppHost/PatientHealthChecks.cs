using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Municipal.AppHost;

/// <summary>
/// Health checks that keep asking for a while before they answer "unhealthy". Aspire checks a starting resource
/// at growing intervals (1, 2, 3, 4 s, then every 5 s), so a resource that became ready just after a check is
/// seen up to 5 s late, and each stage of the start-up (broker, then services, then gateway) pays that again.
/// A patient check asks every <see cref="Interval"/> for up to <see cref="Patience"/>: a resource is seen healthy
/// within a fraction of a second of being ready. A resource that stops answering is reported unhealthy
/// <see cref="Patience"/> later than a single probe would report it.
/// </summary>
internal static class PatientHealthChecks
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Probes until the answer is healthy or <paramref name="patience"/> has passed; returns the last answer.</summary>
    public static async Task<HealthCheckResult> UntilHealthyAsync(
        Func<CancellationToken, Task<HealthCheckResult>> probe, TimeSpan patience, TimeSpan interval,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var result = await probe(cancellationToken);
            if (result.Status == HealthStatus.Healthy || time.GetElapsedTime(started) + interval > patience)
            {
                return result;
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>Registers <paramref name="probe"/> as the resource's health check, asked patiently.</summary>
    public static IResourceBuilder<T> WithPatientHealthCheck<T>(
        this IResourceBuilder<T> resource, string name, Func<CancellationToken, Task<HealthCheckResult>> probe) where T : IResource
    {
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(
            name, ct => UntilHealthyAsync(probe, Patience, Interval, TimeProvider.System, ct));
        return resource.WithHealthCheck(name);
    }

    /// <summary>Healthy when GET <paramref name="path"/> on the resource's <c>http</c> endpoint answers 2xx.</summary>
    public static IResourceBuilder<T> WithPatientHttpHealthCheck<T>(this IResourceBuilder<T> resource, string path)
        where T : IResourceWithEndpoints
    {
        var endpoint = resource.GetEndpoint("http");
        return resource.WithPatientHealthCheck($"{resource.Resource.Name}-http{path}", ct => HttpAnswers(endpoint, path, ct));
    }

    private static async Task<HealthCheckResult> HttpAnswers(EndpointReference endpoint, string path, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port yet.");
        }

        try
        {
            using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET {path} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"GET {path} failed: {ex.Message}");
        }
    }
}
