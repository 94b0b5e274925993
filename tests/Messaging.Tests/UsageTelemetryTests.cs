using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Municipal.Messaging.Tests;

/// <summary>A municipal system calls no host outside it: MassTransit reports no usage telemetry to its makers.</summary>
public sealed class UsageTelemetryTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_bus_reports_no_usage_telemetry(bool rabbitMq)
    {
        await using var service = await ServiceHost.StartAsync(
            "requests", TempDatabase.NewPath(), rabbitMq ? new Uri("amqp://guest:guest@127.0.0.1:1") : null, start: false);

        var options = service.Host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }
}
