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
        services.AddScoped<RequestFeedbacks>();
        services.AddScoped<FeedbackQuestions>();
        services.AddScoped<ICaseworkCheck>(provider => provider.GetRequiredService<FeedbackQuestions>());
        services.AddSingleton<CaseworkMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<CaseworkMonitor>());
        return builder;
    }
}
