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
    public async Task Every_dotnet_project_starts_from_its_built_assembly_rather_than_through_dotnet_run()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RabbitMq:Persistent=false"]);
        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(6, projects.Count);
        foreach (var project in projects)
        {
#pragma warning disable ASPIREPROJECTS001
            var launch = Assert.Single(project.Annotations.OfType<ProjectLaunchArgsOverrideAnnotation>());
#pragma warning restore ASPIREPROJECTS001
            Assert.Equal("exec", launch.Arguments[0]);
            Assert.True(File.Exists(launch.Arguments[1]), $"{project.Name}: no {launch.Arguments[1]}");
            Assert.Equal(Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath),
                Path.GetFullPath(Path.Combine(Path.GetDirectoryName(launch.Arguments[1])!, "..", "..", "..")));
        }
    }

    [Fact]
    public async Task The_web_client_and_the_mail_sink_start_after_the_gateway_and_the_gateway_after_the_services()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RabbitMq:Persistent=false"]);
        string[] WaitsFor(string name) => builder.Resources.Single(r => r.Name == name)
            .Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order().ToArray();

        Assert.Equal(["gateway"], WaitsFor("web"));
        Assert.Equal(["gateway"], WaitsFor("smtp4dev"));
        Assert.Equal(["communities", "notifications", "requests", "scheduling"], WaitsFor("gateway"));
        Assert.Equal(["rabbitmq"], WaitsFor("requests"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Projects_export_telemetry_only_when_a_dashboard_runs_and_never_with_query_values(bool dashboard)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RabbitMq:Persistent=false", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889"],
            (options, _) => options.DisableDashboard = !dashboard);
        await using var app = await builder.BuildAsync();

        foreach (var name in new[] { "gateway", "requests", "communities" })
        {
            var resource = (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == name);
            var execution = new DistributedApplicationExecutionContext(
                new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Run) { Services = app.Services });
            var context = new EnvironmentCallbackContext(execution, resource);
            foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }

            Assert.Equal(dashboard, context.EnvironmentVariables.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.DoesNotContain(context.EnvironmentVariables.Keys, key => key.Contains("DISABLE_URL_QUERY_REDACTION", StringComparison.Ordinal));
        }
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
