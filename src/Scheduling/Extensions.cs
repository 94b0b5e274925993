using Municipal.Messaging.Retention;
using Municipal.Edge;
using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Consumers;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling;

internal static class Extensions
{
    public const string DatabaseName = "schedulingdb";
    public const string EndpointName = "scheduling";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Scheduling");
        builder.AddServiceDatabase<SchedulingDbContext>(DatabaseName);
        builder.AddRetention<SchedulingDbContext>();
        builder.Services.AddScoped<IDatabaseSeeder<SchedulingDbContext>, VenueSeeder>();
        builder.AddMessaging<SchedulingDbContext>(EndpointName, bus =>
        {
            bus.AddConsumer<CommunityRegisteredConsumer>();
            bus.AddConsumer<CommunityChangedConsumer>();
            bus.AddConsumer<PersonRegisteredConsumer>();
            bus.AddConsumer<PersonContactChangedConsumer>();
            bus.AddConsumer<PersonErasedConsumer>();
            bus.AddConsumer<OfficeAssignedConsumer>();
            bus.AddConsumer<OfficeEndedConsumer>();
        });

        builder.Services.Configure<SchedulingOptions>(builder.Configuration.GetSection(SchedulingOptions.Section));
        builder.Services.AddEdgeKit<SchedulingDbContext>();
        builder.Services.AddScoped<Seats>();
        builder.Services.AddScoped<RegistrationService>();
        builder.Services.AddScoped<VenueBookings>();
        builder.Services.AddScoped<ProgrammeService>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddScoped<CheckInService>();
        builder.Services.AddScoped<AttendanceReports>();
        builder.Services.AddScoped<SessionQueries>();
        builder.Services.AddScoped<RegistrationQueries>();
        builder.Services.AddScoped<VenueService>();
        builder.Services.AddScoped<FeedService>();
        builder.Services.AddScoped<RaisedIssueService>();
        builder.Services.AddScoped<ReminderDispatcher>();
        builder.Services.AddHostedService<ReminderService>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SchedulingPolicies.ReadMinutes, p => p.RequireRole(Roles.Staff, Roles.Executive, Roles.Admin, Roles.CommunityLeader));
        return builder;
    }
}

internal static class SchedulingPolicies
{
    /// <summary>Officials read every session's minutes; a community leader those of their own community.</summary>
    public const string ReadMinutes = "scheduling:read-minutes";
}
