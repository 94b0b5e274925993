using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using System.Collections;
using System.Diagnostics;
using System.Globalization;

namespace Municipal.ServiceDefaults;

/// <summary>
/// Paths that hold a secret: a person's calendar feed is at <c>/api/scheduling/feeds/{secret}.ics</c>, and whoever has that
/// address reads their sessions. Such a path is never written out as it came: access logs, spans and log scopes say
/// <see cref="FeedTemplate"/> instead.
/// </summary>
public static class SecretPaths
{
    public const string FeedPrefix = "/api/scheduling/feeds/";

    public const string FeedTemplate = FeedPrefix + "{secret}.ics";

    /// <summary>Whether the path (or a URL's path) holds a secret.</summary>
    public static bool Holds(string? path) =>
        path is not null && IndexOfSecret(path) >= 0;

    /// <summary>The path as it may be written out: a feed's secret replaced by <c>{secret}</c>; other paths unchanged.</summary>
    public static string Redact(string path)
    {
        var at = IndexOfSecret(path);
        return at < 0 ? path : path[..at] + FeedTemplate;
    }

    public static string Redact(PathString path) => Redact(path.Value ?? "/");

    private static int IndexOfSecret(string text)
    {
        var at = text.IndexOf(FeedPrefix, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && text.Length > at + FeedPrefix.Length ? at : -1;
    }

    /// <summary>
    /// Rewrites, before export, every span tag and span name that carries such a path (the server's <c>url.path</c>, a
    /// client's or the proxy's <c>url.full</c>, whatever an instrumentation names it).
    /// </summary>
    internal sealed class SpanRedactor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (Holds(activity.DisplayName))
            {
                activity.DisplayName = Redact(activity.DisplayName);
            }

            List<KeyValuePair<string, string>>? rewrites = null;
            foreach (var (key, value) in activity.TagObjects)
            {
                if (value is string text && Holds(text))
                {
                    (rewrites ??= []).Add(new(key, Redact(text)));
                }
            }

            foreach (var (key, value) in rewrites ?? [])
            {
                activity.SetTag(key, value);
            }
        }
    }

    /// <summary>
    /// The log scopes of every logger (the logging factory takes it from the container in place of its own), as the
    /// factory would keep them, with a feed's secret redacted in every scope a logger reads: ASP.NET Core opens each
    /// request's scope with its raw <c>RequestPath</c>, and the OpenTelemetry logger exports scopes with each record.
    /// Like the factory's own, it opens the current activity's scope first (<c>SpanId</c>, <c>TraceId</c>, <c>ParentId</c>,
    /// as <see cref="LoggerFactoryOptions.ActivityTrackingOptions"/> asks).
    /// </summary>
    internal sealed class ScopeRedactor(IOptions<LoggerFactoryOptions> options) : IExternalScopeProvider
    {
        private readonly LoggerExternalScopeProvider _scopes = new();
        private readonly ActivityTrackingOptions _tracking = options.Value.ActivityTrackingOptions;

        public IDisposable Push(object? state) => _scopes.Push(state);

        public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
        {
            if (_tracking != ActivityTrackingOptions.None && Activity.Current is { } activity)
            {
                callback(ActivityScope(activity), state);
            }

            _scopes.ForEachScope(static (scope, inner) => inner.callback(Redacted(scope), inner.state), (callback, state));
        }

        private static object? Redacted(object? scope) => scope switch
        {
            string text when Holds(text) => Redact(text),
            IEnumerable<KeyValuePair<string, object?>> pairs when pairs.Any(p => p.Value is string text && Holds(text)) =>
                new Pairs(pairs.Select(p => p.Value is string text && Holds(text) ? new KeyValuePair<string, object?>(p.Key, Redact(text)) : p).ToList()),
            _ => scope,
        };

        private Pairs ActivityScope(Activity activity)
        {
            var pairs = new List<KeyValuePair<string, object?>>(3);
            if (_tracking.HasFlag(ActivityTrackingOptions.SpanId))
            {
                pairs.Add(new("SpanId", activity.IdFormat == ActivityIdFormat.W3C ? activity.SpanId.ToHexString() : activity.Id));
            }

            if (_tracking.HasFlag(ActivityTrackingOptions.TraceId))
            {
                pairs.Add(new("TraceId", activity.IdFormat == ActivityIdFormat.W3C ? activity.TraceId.ToHexString() : activity.RootId));
            }

            if (_tracking.HasFlag(ActivityTrackingOptions.ParentId))
            {
                pairs.Add(new("ParentId", activity.IdFormat == ActivityIdFormat.W3C ? activity.ParentSpanId.ToHexString() : activity.ParentId));
            }

            return new Pairs(pairs);
        }

        /// <summary>A scope of named values, written as the factory's own are (<c>Key:Value</c>, comma-separated).</summary>
        private sealed class Pairs(List<KeyValuePair<string, object?>> pairs) : IReadOnlyList<KeyValuePair<string, object?>>
        {
            public KeyValuePair<string, object?> this[int index] => pairs[index];

            public int Count => pairs.Count;

            public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            public override string ToString() =>
                string.Join(", ", pairs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));
        }
    }
}
