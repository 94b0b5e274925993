using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Tests;

/// <summary>A bare service process: one database, the messaging stack, optionally consumers.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(IHost host, string databasePath)
    {
        Host = host;
        DatabasePath = databasePath;
    }

    public IHost Host { get; }

    public string DatabasePath { get; }

    public static async Task<ServiceHost> StartAsync(
        string endpoint, string databasePath, Uri? broker, Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IServiceCollection>? services = null, bool start = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // Testing: the broker's guest user of the test node is refused in Production (BrokerCredentials).
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:widgets"] = $"Data Source={databasePath}",
            ["ConnectionStrings:messaging"] = broker?.ToString(),
            ["Messaging:Transport"] = broker is null ? "InMemory" : "RabbitMq",
            ["Database:MigrateOnStart"] = "false",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:01",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:03",
            ["Messaging:Retry:Limit"] = "2",
            ["Messaging:Retry:MinInterval"] = "00:00:00.050",
            ["Messaging:Retry:MaxInterval"] = "00:00:00.100",
            // One short second-level redelivery before the error queue; tests of redelivery set their own delays.
            ["Messaging:Redelivery:Delays:0"] = "00:00:01",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<WidgetsDbContext>("widgets");
        builder.AddMessaging<WidgetsDbContext>(endpoint, consumers);
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WidgetsDbContext>().Database.EnsureCreatedAsync();
        }

        if (start)
        {
            await host.StartAsync();
        }

        return new ServiceHost(host, databasePath);
    }

    public async Task<T> InDatabaseAsync<T>(Func<WidgetsDbContext, Task<T>> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<WidgetsDbContext>());
    }

    public Task<int> UnsentAsync() => InDatabaseAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null));

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}

public static class TempDatabase
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), "municipal-tests", $"{Guid.NewGuid():N}.db");
}
