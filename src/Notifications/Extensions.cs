using Municipal.Messaging.Retention;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Messaging.Signals;
using Municipal.Notifications.Application;
using Municipal.Notifications.Application.Line;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Consumers;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Rendering;
using Municipal.Notifications.Sending;

namespace Municipal.Notifications;

internal static class Extensions
{
    public const string DatabaseName = "notificationsdb";
    public const string EndpointName = "notifications";

    /// <summary>The one configured public address of the system (links in e-mails; Open311 discovery reads it too).</summary>
    public const string PublicBaseUrlKey = "PublicBaseUrl";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Notifications");
        builder.AddServiceDatabase<NotificationsDbContext>(DatabaseName);
        builder.AddRetention<NotificationsDbContext>();
        builder.Services.AddScoped<Municipal.Messaging.Retention.IRetentionRule<NotificationsDbContext>, NotificationsRetention>();
        builder.AddMessaging<NotificationsDbContext>(EndpointName, bus =>
        {
            bus.AddConsumer<PersonRegisteredConsumer>();
            bus.AddConsumer<PersonContactChangedConsumer>();
            bus.AddConsumer<PersonErasedConsumer>();
            bus.AddConsumer<OfficeAssignedConsumer>();
            bus.AddConsumer<OfficeEndedConsumer>();
            bus.AddConsumer<TermEndingConsumer>();
            bus.AddConsumer<AccountClaimCodeIssuedConsumer>();
            bus.AddConsumer<InvitationIssuedConsumer>();
            bus.AddConsumer<RegistrationConfirmedConsumer>();
            bus.AddConsumer<RegistrationWaitlistedConsumer>();
            bus.AddConsumer<RegistrationPromotedConsumer>();
            bus.AddConsumer<RegistrationCancelledConsumer>();
            bus.AddConsumer<SessionRescheduledConsumer>();
            bus.AddConsumer<SessionCancelledConsumer>();
            bus.AddConsumer<SessionReminderDueConsumer>();
            bus.AddConsumer<RequestSubmittedConsumer>();
            bus.AddConsumer<RequestStatusChangedConsumer>();
            bus.AddConsumer<RequestPlacedConsumer>();
            bus.AddConsumer<RequestSubmitterErasedConsumer>();
            bus.AddConsumer<PlanProjectProgressedConsumer>();
            bus.AddConsumer<RequestFeedbackRequestedConsumer>();
            bus.AddConsumer<RequestFeedbackRecordedConsumer>();
            bus.AddConsumer<RequestEscalatedConsumer>();
            bus.AddConsumer<DivisionOverdueDigestConsumer>();
            bus.AddConsumer<RequestReroutedConsumer>();
            bus.AddConsumer<RequestAssignedToOfficerConsumer>();
        });

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.Section));
        services.Configure<QuietHoursOptions>(configuration.GetSection(QuietHoursOptions.Section));
        services.Configure<InboxOptions>(configuration.GetSection(InboxOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.PostConfigure<EmailOptions>(email => email.PublicBaseUrl ??=
            Uri.TryCreate(configuration[PublicBaseUrlKey], UriKind.Absolute, out var root) ? root : null);
        services.Configure<LineOptions>(configuration.GetSection(LineOptions.Section));
        services.Configure<SmsOptions>(configuration.GetSection(SmsOptions.Section));

        services.AddSingleton(TemplateLibrary.LoadEmbedded());
        services.AddScoped<RecipientDirectory>();
        services.AddScoped<Notices>();
        services.AddScoped<CaseworkNotices>();
        services.AddScoped<Announcements>();
        services.AddScoped<NoticeWriter>();
        services.AddScoped<LineWebhook>();
        services.AddScoped<LineChat>();
        services.AddSingleton<LineChatScript>();
        services.AddScoped<InboxService>();
        services.AddScoped<PreferencesService>();
        services.AddScoped<DeliveryLog>();
        services.AddEdgeKit<NotificationsDbContext>();

        // Committed deliveries wake the dispatcher at once.
        services.AddWakeOnCommit<NotificationsDbContext, Delivery>();
        services.AddSingleton<InboxBroadcaster>();

        services.AddSingleton<IChannelSender, EmailSender>();
        services.AddHttpClient(LineMessagingClient.HttpClientName).WithoutRetries();
        services.AddSingleton<IChannelSender, LineSender>();
        services.AddWakeOnCommit<NotificationsDbContext, LineOutgoing>();
        services.AddSingleton<LineChatSender>();
        services.AddHostedService(provider => provider.GetRequiredService<LineChatSender>());
        services.AddHttpClient(ThaiBulkSmsGateway.HttpClientName).WithoutRetries();
        services.AddSingleton<ISmsGateway>(provider => SmsGateway(provider, builder.Environment));
        services.AddSingleton<IChannelSender, SmsSender>();

        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryDispatcher>());
        services.AddHealthChecks().AddCheck<ChannelsHealthCheck>("notification-channels");
        return builder;
    }

    private static ISmsGateway SmsGateway(IServiceProvider provider, IHostEnvironment environment)
    {
        var options = provider.GetRequiredService<IOptions<SmsOptions>>();
        return options.Value.Provider?.Trim().ToLowerInvariant() switch
        {
            SmsOptions.ThaiBulkSms => new ThaiBulkSmsGateway(provider.GetRequiredService<IHttpClientFactory>(), options),
            SmsOptions.Development => new DevelopmentSmsGateway(
                options.Value.DevelopmentDirectory ?? Path.Combine(environment.ContentRootPath, ".data", "dev-sms")),
            _ => new NoSmsGateway(),
        };
    }
}
