using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Traces, metrics and logs for the Aspire dashboard, at no cost when nobody listens:
/// <list type="bullet">
/// <item>Exported only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the app host sets it when its dashboard runs). Without
/// it nothing is exported, no metric is aggregated and no log record is built for OpenTelemetry; activities are still
/// created and recorded in the process, so that a request's trace id travels on (through the broker into the consumer,
/// into problem answers and inbox entries) as it would with a dashboard.</item>
/// <item>Database statements are traced only when exporting (a statement's span carries the trace nowhere, and making
/// one cost a few per cent of a service's CPU under load), and then only inside a trace that is recorded already (the
/// request or the message it serves): the relay's and the dispatcher's polls, health checks and connection set-up
/// (<c>PRAGMA</c>) make no traces of their own.</item>
/// <item>URL query values are redacted in every span (<c>?q=Redacted</c>), whatever the environment says: staff search
/// people by name with <c>q</c>, and Open311 clients may send <c>api_key</c> in the query. Aspire turns the redaction
/// off in Development; it stays on here.</item>
/// </list>
/// </summary>
public static class Telemetry
{
    public const string ExporterEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The settings by which the instrumentations would write query values into spans; always forced off.</summary>
    public static readonly string[] QueryRedactionSwitches =
    [
        "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION",
        "OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION",
    ];

    /// <summary>The name Entity Framework Core's instrumentation gives the span of a statement.</summary>
    internal const string DatabaseSpanPrefix = "Microsoft.EntityFrameworkCore";

    /// <summary>Whether this process exports telemetry (an OTLP endpoint is configured).</summary>
    public static bool IsExporting(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ExporterEndpointKey]);

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        foreach (var key in QueryRedactionSwitches)
        {
            builder.Configuration[key] = "false";
        }

        var exporting = IsExporting(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.WithTracing(tracing => tracing
            .SetSampler(new MunicipalSampler())
            .AddProcessor(new Municipal.ServiceDefaults.SecretPaths.SpanRedactor())
            .AddSource(builder.Environment.ApplicationName)
            .AddSource("MassTransit")
            .AddSource(ServiceDefaultsExtensions.TelemetryPrefix + ".*")
            .AddAspNetCoreInstrumentation(options =>
                // Health probes would drown the traces operators look for.
                options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.AlivenessEndpointPath))
            .AddHttpClientInstrumentation());

        if (!exporting)
        {
            return builder;
        }

        // A statement's span is a leaf: it carries no trace anywhere, so it is made only for someone to look at.
        telemetry.WithTracing(tracing => tracing
            .AddEntityFrameworkCoreInstrumentation(options => options.Filter = (_, command) => !IsConnectionSetUp(command.CommandText)));

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        telemetry.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("MassTransit")
            .AddMeter(ServiceDefaultsExtensions.TelemetryPrefix + ".*"));
        telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>Statements that set a connection up rather than serve anyone (<c>PRAGMA journal_mode</c> and the like).</summary>
    internal static bool IsConnectionSetUp(string? commandText) =>
        commandText is not null && commandText.AsSpan().TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every trace a request or a message starts (or continues), but no trace that a database statement would start on
    /// its own. The same without an exporter: MassTransit writes a message's trace headers only from an activity that
    /// records, so activities that merely propagated lost the trace at the broker (the end-to-end trace test caught it).
    /// </summary>
    internal sealed class MunicipalSampler : Sampler
    {
        private static readonly Sampler Default = new ParentBasedSampler(new AlwaysOnSampler());

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            if (samplingParameters.ParentContext.TraceId == default
                && samplingParameters.Name.StartsWith(DatabaseSpanPrefix, StringComparison.Ordinal))
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            return Default.ShouldSample(samplingParameters);
        }
    }
}
