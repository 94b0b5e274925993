using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Http.Resilience;
using Municipal.Web.Api;
using Municipal.Web.Auth;
using Municipal.Web.Components;
using Municipal.Web.Localization;
using System.Globalization;

namespace Municipal.Web;

internal static class Extensions
{
    /// <summary>
    /// The web client's services: Blazor with interactive server rendering, the cookie that keeps the user's
    /// sign-in (and their access token, encrypted), the typed API clients over one gateway HttpClient, Thai
    /// and English.
    /// </summary>
    public static WebApplicationBuilder AddWebClient(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        builder.AddSignIn();

        // The gateway, found by service discovery (the app host's reference: services__gateway__http__0).
        var gatewayAddress = new Uri(builder.Configuration["Web:GatewayAddress"] ?? "http://gateway");
        services.AddHttpClient(Gateway.ClientName, client => client.BaseAddress = gatewayAddress)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                // A submission is retried by the person (with the same idempotency key), never behind their back.
                options.Retry.DisableForUnsafeHttpMethods();
                // Photo uploads from a phone take their time.
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            });
        // The inbox stream stays open for as long as the page does: no timeouts, no retries (InboxFeed reconnects).
        services.AddHttpClient(InboxFeed.ClientName, client =>
        {
            client.BaseAddress = gatewayAddress;
            client.Timeout = Timeout.InfiniteTimeSpan;
        }).RemoveAllResilienceHandlers();

        services.AddScoped<UserSession>();
        services.AddScoped<Gateway>();
        services.AddScoped<CommunitiesClient>();
        services.AddScoped<RequestsClient>();
        services.AddScoped<CaseworkClient>();
        services.Configure<MapSettings>(builder.Configuration.GetSection(MapSettings.Section));
        services.AddScoped<SchedulingClient>();
        services.AddScoped<NotificationsClient>();
        services.AddScoped<CommunityNames>();
        services.AddScoped<InboxFeed>();
        services.AddScoped<DevSignIn>();
        services.AddSingleton<Municipal.ServiceDefaults.DevelopmentDoor>();

        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = L.Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(L.Thai);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Thai unless the person chose English: the browser's language does not decide.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        // The gateway is the only way in: trust its X-Forwarded-* (loopback by default; more with ForwardedHeaders:KnownProxies).
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        // The keys that encrypt the sign-in cookie: kept in a folder when one is configured, so a restart signs nobody out.
        var dataProtection = services.AddDataProtection().SetApplicationName("Municipal.Web");
        if (builder.Configuration["Web:KeysDirectory"] is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        return builder;
    }

    public static WebApplication UseWebClient(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseCorrelationId();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWebClient(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapMediaEndpoints();
        app.MapExportEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
