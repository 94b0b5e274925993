using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests;

internal static class Extensions
{
    public const string DatabaseName = "requestsdb";
    public const string EndpointName = "requests";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Requests");
        builder.AddServiceDatabase<RequestsDbContext>(DatabaseName);
        builder.AddMessaging<RequestsDbContext>(EndpointName);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RequestPolicies.Submit, p => p.RequireRole(Roles.Resident, Roles.CommunityLeader, Roles.Staff, Roles.Admin));
        return builder;
    }
}

internal static class RequestPolicies
{
    /// <summary>Residents and leaders submit their own requests; staff take phone-in requests.</summary>
    public const string Submit = "requests:submit";
}
