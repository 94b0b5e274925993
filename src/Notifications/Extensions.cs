using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Notifications.Consumers;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications;

internal static class Extensions
{
    public const string DatabaseName = "notificationsdb";
    public const string EndpointName = "notifications";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Notifications");
        builder.AddServiceDatabase<NotificationsDbContext>(DatabaseName);
        builder.AddMessaging<NotificationsDbContext>(EndpointName, bus =>
        {
            bus.AddConsumer<RequestSubmittedConsumer>();
        });
        return builder;
    }
}
