using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The Notifications service in memory with every channel configured against local stand-ins: a test
/// SMTP server, and fake LINE and ThaiBulkSMS servers on 127.0.0.1. No quiet hours (so tests do not
/// depend on the hour they run at); fast retries.
/// </summary>
public class NotificationsFactory : ServiceFactory<Program>
{
    public NotificationsFactory() : this(channels: true, quietHours: false, time: null)
    {
    }

    protected NotificationsFactory(bool channels, bool quietHours, FakeTimeProvider? time) : base(Extensions.EndpointName)
    {
        Time = time;
        Settings["Notifications:Delivery:PollInterval"] = "00:00:00.200";
        Settings["Notifications:Delivery:FirstRetryDelay"] = "00:00:00.050";
        Settings["Notifications:Delivery:MaxRetryDelay"] = "00:00:00.200";
        Settings["Notifications:Delivery:MaxAttempts"] = "3";
        Settings["Notifications:Inbox:StreamPollInterval"] = "00:00:00.200";
        Settings["Notifications:Inbox:StreamHeartbeat"] = "00:00:01";
        if (!quietHours)
        {
            Settings["Notifications:QuietHours:Start"] = "00:00";
            Settings["Notifications:QuietHours:End"] = "00:00";
        }

        if (channels)
        {
            Smtp = new TestSmtpServer();
            Line = FakeHttpServer.StartAsync().GetAwaiter().GetResult();
            Sms = FakeHttpServer.StartAsync().GetAwaiter().GetResult();
            Sms.Default = (201, """{"remaining_credit":99,"phone_number_list":[{"number":"66812345678","message_id":"sms-1","used_credit":1}],"bad_phone_number_list":[]}""", "application/json");
            Line.Default = (200, """{"sentMessages":[{"id":"line-1","quoteToken":"q"}]}""", "application/json");
            Settings["Notifications:Email:Host"] = "127.0.0.1";
            Settings["Notifications:Email:Port"] = Smtp.Port.ToString();
            Settings["Notifications:Email:Security"] = "None";
            Settings["Notifications:Email:From"] = "noreply@test.municipal";
            Settings["Notifications:Line:ChannelAccessToken"] = "test-access-token";
            Settings["Notifications:Line:ChannelSecret"] = LineSecret;
            Settings["Notifications:Line:BaseAddress"] = Line.BaseAddress.ToString();
            Settings["Notifications:Sms:Provider"] = "thaibulksms";
            Settings["Notifications:Sms:ApiKey"] = "sms-key";
            Settings["Notifications:Sms:ApiSecret"] = "sms-secret";
            Settings["Notifications:Sms:BaseAddress"] = Sms.BaseAddress.ToString();
        }

        if (time is not null)
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(time);
        }
    }

    public const string LineSecret = "test-line-channel-secret";

    public TestSmtpServer? Smtp { get; }

    public FakeHttpServer? Line { get; }

    public FakeHttpServer? Sms { get; }

    public FakeTimeProvider? Time { get; }

    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();

    public Task<T> DbAsync<T>(Func<NotificationsDbContext, Task<T>> query) =>
        WithScopeAsync(services => query(services.GetRequiredService<NotificationsDbContext>()));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (Line is not null)
        {
            await Line.DisposeAsync();
        }

        if (Sms is not null)
        {
            await Sms.DisposeAsync();
        }
    }
}

/// <summary>No channel but the in-app inbox is configured.</summary>
public sealed class ChannelsOffFactory() : NotificationsFactory(channels: false, quietHours: false, time: null);

/// <summary>Default quiet hours (21:00–07:00 Bangkok) and a clock the test moves.</summary>
public sealed class QuietHoursFactory() : NotificationsFactory(channels: true, quietHours: true, time: new FakeTimeProvider(Start()))
{
    /// <summary>22:00 Bangkok on a day after the real now, so tokens minted now with a long lifetime are valid.</summary>
    private static DateTimeOffset Start()
    {
        var bangkok = DateTimeOffset.UtcNow.ToOffset(BangkokTime.Offset);
        var start = new DateTimeOffset(bangkok.Date.AddHours(22), BangkokTime.Offset);
        return (start > bangkok ? start : start.AddDays(1)).ToUniversalTime();
    }
}
