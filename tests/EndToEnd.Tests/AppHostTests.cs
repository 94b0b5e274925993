using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using System.Diagnostics;

namespace Municipal.EndToEnd.Tests;

/// <summary>The app host's model and start-up rules, without running the system.</summary>
public sealed class AppHostTests
{
    [Fact]
    public async Task By_default_nothing_needs_a_container_runtime()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RabbitMq:Persistent=false"]);
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        Assert.Contains(builder.Resources, r => r is ExecutableResource { Name: "rabbitmq" });
        Assert.Contains(builder.Resources, r => r is ExecutableResource { Name: "rabbitmq-epmd" });
        foreach (var name in new[] { "communities", "scheduling", "requests", "notifications", "gateway" })
        {
            Assert.Contains(builder.Resources, r => r is ProjectResource && r.Name == name);
        }
    }

    [Fact]
    public async Task Containers_are_declared_only_when_asked_for()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RabbitMq:Persistent=false", "Containers:RabbitMq=true"]);
        Assert.Contains(builder.Resources, r => r is ContainerResource { Name: "rabbitmq" });
        Assert.DoesNotContain(builder.Resources, r => r is ExecutableResource { Name: "rabbitmq" });
    }

    [Fact]
    public async Task Without_rabbitmq_server_the_app_host_stops_at_once_naming_the_install_command()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "AppHost.dll") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment =
            {
                ["RabbitMq__ServerPath"] = "/nonexistent/rabbitmq-server",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
            },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("apt-get install -y rabbitmq-server", await stderr);
    }
}
