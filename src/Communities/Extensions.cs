using Municipal.Messaging.Retention;
using Municipal.Communities.Application;
using Municipal.Communities.Application.Csv;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
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
        builder.AddRetention<CommunitiesDbContext>();
        builder.Services.AddScoped<Municipal.Messaging.Retention.IRetentionRule<CommunitiesDbContext>, AccessLogRetention>();
        builder.Services.AddScoped<Municipal.Messaging.Retention.IRetentionRule<CommunitiesDbContext>, AccountClaimRetention>();
        builder.Services.AddScoped<IDatabaseSeeder<CommunitiesDbContext>, FoundingCommunitiesSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<CommunitiesDbContext>, DivisionsSeeder>();
        builder.AddMessaging<CommunitiesDbContext>(EndpointName);

        builder.Services.AddEdgeKit<CommunitiesDbContext>();

        builder.Services.AddScoped<Registry>();
        builder.Services.AddScoped<OfficeReader>();
        builder.Services.AddScoped<RegistryLeaders>();
        builder.Services.AddScoped<CommunityUseCases>();
        builder.Services.AddSingleton<RegistryChangeStamp>();
        builder.Services.AddSingleton<PublicReadCache>();
        builder.Services.AddScoped<PublicReads>();
        builder.Services.AddScoped<PersonUseCases>();
        builder.Services.AddScoped<AccountClaims>();
        builder.Services.AddScoped<OfficeUseCases>();
        builder.Services.AddScoped<CommunityImport>();
        builder.Services.AddScoped<PeopleImport>();
        builder.Services.AddScoped<Exports>();
        builder.Services.AddScoped<TermEndingCheck>();
        builder.Services.Configure<TermEndingOptions>(builder.Configuration.GetSection(TermEndingOptions.Section));
        builder.Services.AddHostedService<TermEndingMonitor>();
        return builder;
    }
}
