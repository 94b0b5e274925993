using Microsoft.Extensions.Hosting;
using Municipal.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Municipal.Communities.Tests;

/// <summary>The service as the app host starts it when its dashboard runs: telemetry is exported (here to a port nobody listens on).</summary>
public sealed class ExportingTelemetryFactory : ServiceFactory<Program>
{
    public ExportingTelemetryFactory() : base(Extensions.EndpointName)
    {
        Settings[Telemetry.ExporterEndpointKey] = "http://127.0.0.1:9";
    }
}

/// <summary>What a read of the registry traces: its statements only when someone will look at them.</summary>
public sealed class StatementSpanTests(CommunitiesFactory quiet, ExportingTelemetryFactory exporting)
    : IClassFixture<CommunitiesFactory>, IClassFixture<ExportingTelemetryFactory>
{
    [Fact]
    public async Task Without_an_exporter_a_request_is_traced_but_its_database_statements_make_no_spans()
    {
        var sources = await SourcesOfOneTraceAsync(quiet.CreateClient()); // the request's own span still carries the trace on

        Assert.DoesNotContain(sources, s => s.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_exporter_the_statements_of_a_request_are_spans_of_its_trace()
    {
        var sources = await SourcesOfOneTraceAsync(exporting.CreateClient());

        Assert.Contains(sources, s => s.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    /// <summary>The sources of the spans one staff read of the people made, by its trace id (other tests run beside this one).</summary>
    private static async Task<IReadOnlyCollection<string>> SourcesOfOneTraceAsync(HttpClient client)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var sources = new ConcurrentDictionary<string, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    sources.TryAdd(activity.Source.Name, true);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/communities/people?pageSize=5");
        request.Headers.Authorization = new("Bearer", TestTokens.For("staff-1", ["staff"]));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        // The request's span ends after its answer is sent, the statements' spans before it.
        await Eventually.TrueAsync(() => Task.FromResult(sources.ContainsKey("Microsoft.AspNetCore")), TimeSpan.FromSeconds(10), "the request's span");
        return sources.Keys.ToArray();
    }
}
