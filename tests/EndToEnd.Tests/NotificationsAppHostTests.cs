using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Municipal.EndToEnd.Tests;

/// <summary>How the app host wires the Notifications channels, without running the system.</summary>
public sealed class NotificationsAppHostTests
{
    [Fact]
    public async Task The_development_mail_sink_is_a_local_smtp4dev_process_with_its_own_ports_and_no_container()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RabbitMq:Persistent=false"]);

        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        var sink = Assert.Single(builder.Resources.OfType<ExecutableResource>(), r => r.Name == "smtp4dev");
        Assert.Equal("dotnet", sink.Command);
        var endpoints = sink.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.False(endpoints["smtp"].IsProxied);
        Assert.False(endpoints["http"].IsProxied);
        Assert.Contains(sink.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
    }

    [Fact]
    public async Task A_configured_smtp_host_replaces_the_sink()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RabbitMq:Persistent=false", "Notifications:Email:Host=smtp.example.th", "Notifications:Email:From=noreply@example.th"]);

        Assert.DoesNotContain(builder.Resources, r => r.Name == "smtp4dev");
    }
}
