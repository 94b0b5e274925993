using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Municipal.Testing;
using System.Collections.Concurrent;

namespace Municipal.Gateway.Tests;

/// <summary>The gateway in front of an <see cref="EchoBackend"/>, with its log lines captured.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _environment;
    private readonly EchoBackend? _backend;
    private readonly Dictionary<string, string?> _settings;

    /// <param name="kestrel">On a real Kestrel server (a free port on loopback), as in production: raw request
    /// targets, body limits and client addresses behave as they do there.</param>
    /// <param name="anyAddress">On a real Kestrel server listening on every interface (any free port).</param>
    public GatewayFactory(string environment, EchoBackend? backend = null, Dictionary<string, string?>? settings = null, bool kestrel = false,
        bool anyAddress = false)
    {
        _environment = environment;
        _backend = backend;
        _settings = settings ?? [];
        if (anyAddress)
        {
            UseKestrel(kestrelOptions => kestrelOptions.ListenAnyIP(0));
        }
        else if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public const string ProductionAuthority = "https://127.0.0.1:9/realms/municipal";

    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_environment is "Development" or "Testing")
        {
            builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        }
        else
        {
            // Production signs in with an OIDC authority only (a loopback address that nothing answers: no test
            // reaches outside this machine). The settings below may set the mistakes a production guard refuses.
            builder.UseSetting("Auth:Authority", ProductionAuthority);
        }

        if (_backend is { } backend)
        {
            foreach (var cluster in new[] { "communities", "scheduling", "requests", "notifications" })
            {
                builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address", backend.Url);
            }
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
            services.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines))));
    }
}

/// <summary>Keeps every formatted log line, with its scopes, for assertions about what is (not) logged.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(ScopeText(scope)), scopes);
            provider.LogLines_Enqueue($"{category} [{string.Join("; ", scopes)}] {formatter(state, exception)} {exception}");
        }

        private static string ScopeText(object? scope) => scope switch
        {
            IEnumerable<KeyValuePair<string, object>> pairs => string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}")),
            _ => scope?.ToString() ?? "",
        };
    }

    private void LogLines_Enqueue(string line) => lines.Enqueue(line);
}
