using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Municipal.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Municipal.Communities.Tests;

/// <summary>The service started as the app host starts it in Development, which asks the instrumentation to keep query values.</summary>
public sealed class DevelopmentTelemetryFactory : ServiceFactory<Program>
{
    public DevelopmentTelemetryFactory() : base(Extensions.EndpointName)
    {
        ConfigureServices = services => services.AddSingleton<ILoggerProvider>(Logs);
        foreach (var key in Telemetry.QueryRedactionSwitches)
        {
            Settings[key] = "true";
        }
    }

    public CapturedLogs Logs { get; } = new();
}

public sealed class QueryRedactionTests(DevelopmentTelemetryFactory factory) : IClassFixture<DevelopmentTelemetryFactory>
{
    [Fact]
    public async Task A_search_term_in_the_query_string_reaches_no_span_and_no_log_line_even_when_the_environment_asks_for_query_values()
    {
        var secret = "สมศรี" + Guid.NewGuid().ToString("N")[..8];
        var tags = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                tags.Enqueue(activity.DisplayName);
                foreach (var (key, value) in activity.TagObjects)
                {
                    tags.Enqueue($"{key}={value}");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var staff = factory.Staff();
        using var anonymous = factory.CreateClient();
        var query = Uri.EscapeDataString(secret);
        (await staff.GetAsync($"/api/communities/people?q={query}")).Dispose();
        (await anonymous.GetAsync($"/api/communities?q={query}&pageSize=5")).Dispose();
        (await anonymous.GetAsync($"/api/communities?api_key={query}")).Dispose();

        var seen = tags.ToArray();
        Assert.Contains(seen, t => t.StartsWith("url.query=", StringComparison.Ordinal)); // the query is traced, its values are not
        foreach (var text in seen.Concat(factory.Logs.Lines))
        {
            Assert.DoesNotContain(secret, Uri.UnescapeDataString(text), StringComparison.Ordinal);
            Assert.DoesNotContain(query, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
