using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Messaging;
using System.Net.Http.Headers;

namespace Municipal.Testing;

/// <summary>
/// One service, in memory, through <see cref="WebApplicationFactory{TEntryPoint}"/>: its own SQLite files
/// in a fresh folder, MassTransit's in-memory test harness instead of RabbitMQ (with the service's real
/// endpoint configuration), and tokens signed with the test key.
/// </summary>
public class ServiceFactory<TProgram>(string endpointName) : WebApplicationFactory<TProgram> where TProgram : class
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "municipal-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Extra settings for this host, applied before the service reads its configuration.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Extra service registrations, applied last.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public ITestHarness Harness => Services.GetTestHarness();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.200");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) =>
                memory.ReceiveEndpoint(endpointName, endpoint => MessagingExtensions.ConfigureEndpoint(endpoint, context))));
            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>An anonymous client; like every client of the factory, it fails a problem answer without a declared kind.</summary>
    public HttpClient CreateCheckedClient() => CreateDefaultClient(new ProblemKindCheck());

    /// <summary>A client whose calls carry a token for the given person.</summary>
    public HttpClient ClientAs(string subject, params string[] roles) => ClientWith(TestTokens.For(subject, roles));

    public HttpClient ClientAsLeaderOf(Guid communityId, string subject = "leader") =>
        ClientWith(TestTokens.For(subject, ["community-leader"], community: communityId));

    public HttpClient ClientWith(string token)
    {
        var client = CreateCheckedClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A scope to look into the service's database or services.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            TryDelete(DataDirectory);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TryDelete(DataDirectory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A SQLite file still closing; the temp folder is cleaned by the OS eventually.
        }
    }
}
