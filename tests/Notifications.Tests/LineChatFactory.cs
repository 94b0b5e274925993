using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Notifications.Infrastructure;
using Municipal.Testing;
using System.Text.Json.Nodes;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The Notifications service with its LINE channel pointed at a fake LINE platform, the chat's sender fast. The answer to
/// a finished report waits two minutes for its number: far longer than any test takes to deliver it.
/// </summary>
public class LineChatFactory : ServiceFactory<Program>
{
    public const string Webhook = "/api/notifications/line/webhook";

    public LineChatFactory() : this(TimeSpan.FromMinutes(2))
    {
    }

    protected LineChatFactory(TimeSpan numberHold) : base(Extensions.EndpointName)
    {
        Line = FakeLinePlatform.StartAsync().GetAwaiter().GetResult();
        foreach (var (key, value) in Line.Settings)
        {
            Settings[key] = value;
        }

        Settings["Notifications:Line:ChatPollInterval"] = "00:00:00.100";
        Settings["Notifications:Line:NumberHold"] = numberHold.ToString("c");
        Settings["Notifications:QuietHours:Start"] = "00:00";
        Settings["Notifications:QuietHours:End"] = "00:00";
        Settings["Notifications:Delivery:PollInterval"] = "00:00:00.200";
    }

    public FakeLinePlatform Line { get; }

    /// <summary>Sends LINE's signed call with these events; fails unless the webhook took it.</summary>
    public async Task SendAsync(params JsonObject[] events)
    {
        using var client = CreateClient();
        using var response = await Line.SendAsync(client, Webhook, events);
        Assert.True(response.IsSuccessStatusCode, $"the webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task<T> DbAsync<T>(Func<NotificationsDbContext, Task<T>> query) =>
        WithScopeAsync(services => query(services.GetRequiredService<NotificationsDbContext>()));

    /// <summary>Waits for the outbox to have published a matching event.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> which) where T : class =>
        (await Eventually.GetAsync(() => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(which)),
            what: $"a matching {typeof(T).Name}"))!;

    public bool WasPublished<T>(Func<T, bool> which) where T : class => Harness.Published.Select<T>().Any(m => which(m.Context.Message));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Line.DisposeAsync();
    }
}

/// <summary>The answer to a finished report waits one second for its number, so Requests is always late.</summary>
public sealed class ShortHoldLineChatFactory() : LineChatFactory(TimeSpan.FromSeconds(1));
