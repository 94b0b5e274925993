using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling;

internal static class Extensions
{
    public const string DatabaseName = "schedulingdb";
    public const string EndpointName = "scheduling";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Scheduling");
        builder.AddServiceDatabase<SchedulingDbContext>(DatabaseName);
        builder.Services.AddScoped<IDatabaseSeeder<SchedulingDbContext>, VenueSeeder>();
        builder.AddMessaging<SchedulingDbContext>(EndpointName);
        return builder;
    }
}
