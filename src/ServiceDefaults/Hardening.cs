using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Runtime.InteropServices;

namespace Municipal.ServiceDefaults;

/// <summary>
/// What every Municipal process does for itself, whatever stands in front of it: answers without a <c>Server</c>
/// header, with the security headers on every response, and files it creates (databases, photos, keys) readable by
/// its own user only.
/// </summary>
public static class Hardening
{
    /// <summary>Owner only: no bit for the group or others on anything the process creates.</summary>
    public const int OwnerOnlyUmask = 0x3F; // 077

    public static IHostApplicationBuilder AddHardening(this IHostApplicationBuilder builder)
    {
        RestrictNewFilesToOwner();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddTransient<IStartupFilter, SecurityHeadersStartup>();
        return builder;
    }

    /// <summary>Sets the process's umask to 077, so SQLite files, their journals, photos and key files are 0600, folders 0700.</summary>
    public static void RestrictNewFilesToOwner()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SetUmask(OwnerOnlyUmask);
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern int SetUmask(int mask);

    /// <summary>The security headers, set on every response just before it starts (a proxied answer's own are replaced).</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.Remove("Server");
        headers.Remove("X-Powered-By");
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }

    private sealed class SecurityHeadersStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    Apply(context);
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
