using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Persistence;
using Municipal.Messaging.Redelivery;

namespace Municipal.Messaging;

/// <summary>Where the broker is: <c>ConnectionStrings:messaging</c>, an AMQP URI.</summary>
public sealed record MessagingConnection(Uri Uri)
{
    public const string ConnectionName = "messaging";
}

/// <summary>The service's receive endpoint (its queue), e.g. <c>scheduling</c>.</summary>
public sealed record MessagingEndpoint(string Name);

/// <summary>
/// Configuration section <c>Messaging:Retry</c>: the quick retries in process, for faults that mend in moments; then
/// second-level redelivery (<see cref="WaitQueueOptions"/>), then the error queue.
/// </summary>
public sealed class RetryOptions
{
    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);
}

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ with one receive endpoint (queue) per service, retry for transient
    /// faults (then the <c>{endpoint}_error</c> queue), the topology of <see cref="Subscriptions"/>
    /// declared up front, and the outbox relay of <typeparamref name="TContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder, string endpointName, Action<IBusRegistrationConfigurator>? consumers = null)
        where TContext : ServiceDbContext
    {
        if (!Subscriptions.ByEndpoint.ContainsKey(endpointName))
        {
            throw new InvalidOperationException($"Endpoint '{endpointName}' is missing from Subscriptions.ByEndpoint.");
        }

        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Messaging:Outbox"));
        builder.Services.Configure<RetryOptions>(builder.Configuration.GetSection("Messaging:Retry"));
        builder.Services.Configure<WaitQueueOptions>(builder.Configuration.GetSection("Messaging:Redelivery"));
        builder.Services.Configure<InboxOptions>(builder.Configuration.GetSection("Messaging:Inbox"));
        builder.Services.AddSingleton(new MessagingEndpoint(endpointName));
        builder.Services.AddSingleton<InboxBatcher<TContext>>();
        builder.Services.AddScoped<ServiceDbContext>(provider => provider.GetRequiredService<TContext>()); // for the admin routes
        builder.Services.AddScoped<ParkedEvents>();
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        builder.Services.AddSingleton(provider => new ParkedHealthCheck<TContext>(
            provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<IParkedMessages>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System, endpointName));
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "messaging-parked", provider => provider.GetRequiredService<ParkedHealthCheck<TContext>>(), failureStatus: null, tags: ["ready"]));

        // "InMemory": no broker at all, e.g. to run one service on its own or under the test harness.
        if (string.Equals(builder.Configuration["Messaging:Transport"], "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            var ready = new TopologyReady();
            ready.MarkReady();
            builder.Services.AddSingleton(ready);
            builder.Services.AddSingleton<IParkedMessages>(new NoParkedMessages(endpointName));
            builder.Services.AddMassTransit(bus =>
            {
                bus.DisableUsageTelemetry(); // a municipal system calls no host outside it
                consumers?.Invoke(bus);
                bus.UsingInMemory((context, memory) => memory.ReceiveEndpoint(endpointName, endpoint => ConfigureEndpoint(endpoint, context)));
            });
            return builder;
        }

        var connectionString = BrokerCredentials.Resolve(builder.Environment, builder.Configuration.GetConnectionString(MessagingConnection.ConnectionName));
        var connection = new MessagingConnection(new Uri(connectionString));
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton<BrokerLink>();
        builder.Services.AddSingleton<IParkedMessages>(provider => new RabbitMqParkedMessages(provider.GetRequiredService<BrokerLink>(), endpointName));
        builder.Services.AddSingleton<TopologyReady>();
        builder.Services.AddHostedService<RabbitMqTopology>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry(); // a municipal system calls no host outside it
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(connection.Uri);
                rabbit.ReceiveEndpoint(endpointName, endpoint => ConfigureEndpoint(endpoint, context));
            });
        });

        return builder;
    }

    /// <summary>
    /// The service's receive endpoint: its consumers, with quick retries for transient faults, around them (on
    /// RabbitMQ) second-level redelivery through the wait queues; a message that still fails goes to
    /// <c>{endpoint}_error</c> with its fault. Shared with tests that swap in the in-memory test harness, so they run
    /// the same endpoint configuration (without redelivery, which needs the broker's wait queues).
    /// </summary>
    public static void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<RetryOptions>>().Value;
        var delays = context.GetRequiredService<IOptions<WaitQueueOptions>>().Value.EffectiveDelays;
        // Enough messages in hand at once for the inbox to commit them together (InboxBatcher) under a fan-out.
        var concurrency = Math.Clamp(context.GetService<IOptions<InboxOptions>>()?.Value.Concurrency ?? 64, 1, ushort.MaxValue);
        endpoint.ConcurrentMessageLimit = concurrency;
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = concurrency;
        }

        if (context.GetService<BrokerLink>() is { } broker && delays.Count > 0)
        {
            // It acts only on what the quick retries below could not mend.
            endpoint.UseFilter(new RedeliveryFilter(broker, context.GetRequiredService<MessagingEndpoint>().Name, delays, options.Limit,
                context.GetRequiredService<ILoggerFactory>().CreateLogger("Municipal.Messaging.Redelivery")));
        }

        endpoint.UseMessageRetry(retry =>
        {
            // Faults that a retry cannot mend go to the error queue at once.
            retry.Ignore<ArgumentException>();
            retry.Ignore<System.Text.Json.JsonException>();
            retry.Exponential(options.Limit, options.MinInterval, options.MaxInterval, options.MinInterval);
        });
        endpoint.ConfigureConsumers(context);
    }
}
