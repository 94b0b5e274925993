using Municipal.Requests.Application;

namespace Municipal.Requests;

/// <summary>Casework's services: proof of the fix, and the background checks that run on the service's clock.</summary>
internal static class CaseworkExtensions
{
    public static IHostApplicationBuilder AddCasework(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CaseworkOptions>(builder.Configuration.GetSection(CaseworkOptions.Section));
        services.Configure<FeedbackOptions>(builder.Configuration.GetSection(FeedbackOptions.Section));
        services.Configure<EscalationOptions>(builder.Configuration.GetSection(EscalationOptions.Section));
        services.Configure<AfterPhotoOptions>(builder.Configuration.GetSection("Requests:Photos"));
        services.AddScoped<RequestFeedbacks>();
        services.AddScoped<RequestHandoffs>();
        services.AddScoped<OfficerRoster>();
        services.AddScoped<InternalNotes>();
        services.AddScoped<PublicPicture>();
        services.AddScoped<CsvExports>();
        services.AddScoped<FeedbackQuestions>();
        services.AddScoped<EscalationCheck>();
        services.AddScoped<DivisionDigests>();
        services.AddScoped<ICaseworkCheck>(provider => provider.GetRequiredService<FeedbackQuestions>());
        services.AddScoped<ICaseworkCheck>(provider => provider.GetRequiredService<EscalationCheck>());
        services.AddScoped<ICaseworkCheck>(provider => provider.GetRequiredService<DivisionDigests>());
        services.AddSingleton<CaseworkMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<CaseworkMonitor>());
        return builder;
    }
}
