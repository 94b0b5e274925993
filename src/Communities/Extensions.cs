using Municipal.Communities.Infrastructure;
using Municipal.Messaging;
using Municipal.Messaging.Persistence;

namespace Municipal.Communities;

internal static class Extensions
{
    public const string DatabaseName = "communitiesdb";
    public const string EndpointName = "communities";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Communities");
        builder.AddServiceDatabase<CommunitiesDbContext>(DatabaseName);
        builder.Services.AddScoped<IDatabaseSeeder<CommunitiesDbContext>, FoundingCommunitiesSeeder>();
        builder.AddMessaging<CommunitiesDbContext>(EndpointName);
        return builder;
    }
}
