using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using System.Diagnostics;

namespace Municipal.ServiceDefaults;

/// <summary>
/// Paths that hold a secret: a person's calendar feed is at <c>/api/scheduling/feeds/{secret}.ics</c>, and whoever has that
/// address reads their sessions. Such a path is never written out as it came: access logs and spans say
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
}
