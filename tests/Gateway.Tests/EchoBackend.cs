using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace Municipal.Gateway.Tests;

/// <summary>Stands in for the services behind the gateway: records what reaches it and answers 200.</summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoBackend(WebApplication app) => _app = app;

    public sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Headers, long BodyBytes);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<EchoBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var echo = new EchoBackend(app);
        app.Run(async context =>
        {
            var length = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            echo.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), length));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"echo\":true}");
        });
        await app.StartAsync();
        echo.Url = app.Urls.Single();
        return echo;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
