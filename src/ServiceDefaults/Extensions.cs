using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Municipal process shares: telemetry to the Aspire dashboard, health endpoints,
/// service discovery, resilient HttpClients, RFC 9457 problem details, and JWT sign-in.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Traces, metrics and logs from our own code use names under this prefix.</summary>
    public const string TelemetryPrefix = "Municipal";

    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        Municipal.ServiceDefaults.Hardening.AddHardening(builder);
        Telemetry.ConfigureOpenTelemetry(builder);
        // Log scopes with a calendar feed's secret address redacted (the logging factory takes its scopes from here).
        builder.Services.AddSingleton<IExternalScopeProvider, Municipal.ServiceDefaults.SecretPaths.ScopeRedactor>();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.AddProblemDetailsDefaults();
        builder.Services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>JSON as every Municipal API speaks it: camelCase, enums as kebab-case strings.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// The first middleware of a process, for hosts that take them as one (the gateway): correlation id, exception
    /// handler, problem details for bare status codes, no control characters in the text it takes. The services list
    /// the same middleware one by one in their <c>Program.cs</c>, so a reader sees every one.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseControlCharacterGuard();
        return app;
    }

    /// <summary>
    /// <c>/health</c>: ready to serve (every registered check, e.g. database and bus).
    /// <c>/alive</c>: the process answers (only checks tagged "live").
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") })
            .AllowAnonymous();
        return app;
    }
}
