using Microsoft.AspNetCore.Authentication;
using Municipal.Messaging.Retention;
using Municipal.Edge;
using Municipal.Messaging;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Consumers;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.Requests.Open311;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests;

internal static class Extensions
{
    public const string DatabaseName = "requestsdb";
    public const string EndpointName = "requests";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultOpenApi("Municipal Requests");
        // Times as the other services write them: Bangkok time with its offset (+07:00), not UTC.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new ThaiCalendar.BangkokTimeJsonConverter()));
        builder.AddServiceDatabase<RequestsDbContext>(DatabaseName);
        builder.AddRetention<RequestsDbContext>();
        builder.AddMessaging<RequestsDbContext>(EndpointName, bus =>
        {
            bus.AddConsumer<CommunityRegisteredConsumer>();
            bus.AddConsumer<CommunityChangedConsumer>();
            bus.AddConsumer<DivisionRegisteredConsumer>();
            bus.AddConsumer<IssueRaisedAtSessionConsumer>();
            bus.AddConsumer<PersonRegisteredConsumer>();
            bus.AddConsumer<PersonContactChangedConsumer>();
            bus.AddConsumer<PersonErasedConsumer>();
            bus.AddConsumer<OfficeAssignedConsumer>();
            bus.AddConsumer<OfficeEndedConsumer>();
            bus.AddConsumer<RequestFeedbackGivenConsumer>();
            bus.AddConsumer<LineReportCompletedConsumer>();
            bus.AddConsumer<LineSupportGivenConsumer>();
            bus.AddConsumer<LineReporterErasedConsumer>();
        });

        builder.Services.AddScoped<IDatabaseSeeder<RequestsDbContext>, ReferenceDataSeeder>();
        builder.Services.Configure<PhotoOptions>(builder.Configuration.GetSection(PhotoOptions.Section));
        builder.Services.Configure<Open311Options>(builder.Configuration.GetSection(Open311Options.Section));
        builder.Services.Configure<LineContentOptions>(builder.Configuration.GetSection(LineContentOptions.Section));
        builder.Services.AddHttpClient<LineContentClient>(LineContentClient.HttpClientName);
        builder.Services.AddHealthChecks().AddCheck<LineContentHealthCheck>("line-photos");
        builder.Services.AddSingleton<PhotoStore>();
        // Open311 clients poll every id they track in one GET (FixMyStreet): 1,000 ids need about 17 KB of request line.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestLineSize = Open311Api.MaxRequestLineBytes);
        builder.Services.AddGeoReportErrors();
        builder.Services.AddEdgeKit<RequestsDbContext>();
        builder.Services.AddScoped<ReferenceData>();
        builder.Services.AddScoped<RequestReads>();
        builder.Services.AddScoped<RequestIntake>();
        builder.Services.AddSingleton<CategoryCatalog>();
        builder.Services.AddScoped<RequestTransitions>();
        builder.Services.AddScoped<RequestSupports>();
        builder.Services.AddScoped<RequestStatistics>();
        builder.Services.AddScoped<DuplicateFinder>();
        builder.Services.AddScoped<PhotoUploads>();
        builder.Services.AddScoped<LineReports>();
        builder.Services.AddScoped<RequestPlacement>();
        builder.Services.AddScoped<SubmitterErasure>();
        builder.Services.AddScoped<SubmitterPrivacy>();
        // A leader's token counts only while Requests' copy of the registry holds them in an office of its community.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<RegistryLeaders>();
        builder.Services.AddScoped<IClaimsTransformation, RegistryLeaderClaims>();
        builder.Services.AddScoped<IRetentionRule<RequestsDbContext>, ContactReadRetention>();
        builder.Services.AddScoped<PlanPeriods>();
        builder.Services.AddScoped<PlanProjects>();
        builder.Services.AddScoped<PlanReads>();
        builder.Services.AddScoped<Open311Keys>();
        builder.Services.AddScoped<Open311Reads>();
        builder.Services.AddScoped<Open311Submissions>();
        builder.AddCasework();
        if (builder.Environment.IsDevelopment())
        {
            // After the migrator (registered by AddServiceDatabase), so the table exists.
            builder.Services.AddHostedService<Open311DevelopmentKey>();
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RequestPolicies.Submit, p => p.RequireRole(Roles.Resident, Roles.CommunityLeader, Roles.Staff, Roles.Admin));
        return builder;
    }
}

internal static class RequestPolicies
{
    /// <summary>Residents and leaders submit (and support) requests; staff take phone-in requests.</summary>
    public const string Submit = "requests:submit";
}
