using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace Municipal.Gateway;

/// <summary>
/// Behind a load balancer or a TLS terminator: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only
/// from the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR ranges). Nothing is trusted by default, not even loopback: a caller cannot pick its own rate-limit bucket by
/// writing the header. With a proxy configured, rate limits and the access log see the real client's address.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// The middleware, only when a proxy is configured: with empty lists ASP.NET Core's middleware would believe
    /// every caller's forwarded headers.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // One hop per trusted proxy in front of us; the address before them is the client's.
            options.ForwardLimit = Math.Max(1, section.GetValue("ForwardLimit", 1));
        });
        return builder;
    }
}
