using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using System.Collections.Concurrent;
using System.Net;

namespace Municipal.Notifications.Tests;

/// <summary>
/// Mail through a slow sender, on a clock the test moves: each send takes 60 % of the 1-minute lease. The dispatchers
/// run only when a test calls them.
/// </summary>
public sealed class SlowMailFactory : NotificationsFactory
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public SlowMailFactory() : base(channels: true, quietHours: false, time: new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
        Settings["Notifications:Delivery:LeaseDuration"] = "00:01:00";
        Mail = new SlowMail(Time!, Lease * 0.6);
        var configure = ConfigureServices;
        ConfigureServices = services =>
        {
            configure?.Invoke(services);
            var email = services.Single(d => d.ServiceType == typeof(IChannelSender) && d.ImplementationType == typeof(EmailSender));
            services.Remove(email);
            services.AddSingleton<IChannelSender>(Mail);
            // The tests run the dispatchers themselves: the service's own loop does not run here.
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationFactory?.Method.ReturnType == typeof(DeliveryDispatcher)));
        };
    }

    public SlowMail Mail { get; }
}

/// <summary>An e-mail sender that records what it sends and moves the clock on by <paramref name="each"/> per send.</summary>
public sealed class SlowMail(FakeTimeProvider clock, TimeSpan each) : IChannelSender
{
    public ConcurrentQueue<Guid> Sent { get; } = new();

    /// <summary>Runs during the given send (1 = the first), before it completes.</summary>
    public (int Send, Func<Task> Action)? During { get; set; }

    public string Channel => Municipal.Contracts.ChannelCodes.Email;

    public ChannelState State => ChannelState.On("slow test mail");

    public async Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken)
    {
        Sent.Enqueue(delivery.Id);
        clock.Advance(each);
        if (During is { } during && Sent.Count == during.Send)
        {
            During = null;
            await during.Action();
        }

        return SendResult.Sent($"mail-{delivery.Id:N}");
    }
}

/// <summary>Deliveries are sent at most once per claim, and no provider call is repeated by an HttpClient on its own.</summary>
public sealed class DispatchOnceTests(SlowMailFactory factory) : IClassFixture<SlowMailFactory>
{
    [Fact]
    public async Task A_batch_that_outlives_its_lease_does_not_send_what_another_dispatcher_took_over()
    {
        var people = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var person = await factory.KnowAsync(Events.Person(email: $"slow-{i}@example.th", channel: Municipal.Contracts.ChannelCodes.Email));
            await factory.PublishAsync(Events.Confirmed(person.PersonId, Events.Session()));
            people.Add(person.PersonId);
        }

        var deliveries = await factory.DbAsync(db => db.Deliveries.AsNoTracking()
            .Where(d => d.Channel == Municipal.Contracts.ChannelCodes.Email && people.Contains(d.PersonId!.Value)).Select(d => d.Id).ToListAsync());
        Assert.Equal(4, deliveries.Count);

        // The first dispatcher claims all four. Its second send ends 1.2 leases after the claim: the last two deliveries'
        // lease has run out, and a second dispatcher (another replica) claims and sends them meanwhile.
        var second = ActivatorUtilities.CreateInstance<DeliveryDispatcher>(factory.Services);
        factory.Mail.During = (2, async () => Assert.Equal(2, await second.DispatchDueAsync(CancellationToken.None)));
        await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(deliveries.Order(), factory.Mail.Sent.Order());
        var statuses = await factory.DbAsync(db => db.Deliveries.AsNoTracking().Where(d => deliveries.Contains(d.Id)).Select(d => d.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(DeliveryStatus.Sent, s));
    }

    [Theory]
    [InlineData(LineMessagingClient.HttpClientName)]
    [InlineData(ThaiBulkSmsGateway.HttpClientName)]
    public async Task A_provider_call_that_fails_is_not_repeated_by_its_HttpClient(string client)
    {
        await using var provider = await FakeHttpServer.StartAsync();
        provider.Answer(503, """{"error":"busy"}""");
        provider.Answer(200, """{}""");
        using var http = factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(client);

        using var response = await http.PostAsync(new Uri(provider.BaseAddress, "send"), new StringContent("one message"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(provider.Requests);
    }
}
