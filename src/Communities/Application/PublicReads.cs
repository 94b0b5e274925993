using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ThaiCalendar;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace Municipal.Communities.Application;

/// <summary>
/// An answer kept in memory: the JSON bytes and their strong entity tag (a digest of the bytes, so equal bytes have
/// equal tags in every replica). The community detail's tag also starts with the community's version
/// (<c>"7.…"</c>), which is what <c>If-Match</c> on a change checks (see <see cref="CommunityTags"/>).
/// </summary>
public sealed record CachedAnswer(byte[] Body, string ETag);

/// <summary>
/// The registry's public reads — the list of communities and one community with its current office holders, which
/// change a few times a year and are the same for every caller — answered from memory. What is kept is valid for one
/// <see cref="RegistryChangeStamp"/> and one Bangkok date (the current office holders change at midnight): any commit to
/// the database, by this process or another, starts afresh, so a change is visible to the very next read. Only public
/// answers are kept; nothing a caller's token decides (contacts, the people) comes near this.
/// </summary>
public sealed class PublicReadCache
{
    /// <summary>At most this many answers per generation (filters and pages are the caller's choice).</summary>
    public const int MaxEntries = 512;

    private Generation _current = new(-1, default);

    private sealed record Generation(long Stamp, DateOnly Day)
    {
        public ConcurrentDictionary<string, CachedAnswer> Answers { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The kept answer for <paramref name="key"/>, or a new one from <paramref name="make"/> (kept when it can be).</summary>
    public async Task<Result<CachedAnswer>> GetOrMakeAsync(
        string key, long? stamp, DateOnly day, Func<Task<Result<CachedAnswer>>> make)
    {
        if (stamp is null)
        {
            return await make();
        }

        var generation = _current;
        if (generation.Stamp != stamp || generation.Day != day)
        {
            generation = new Generation(stamp.Value, day);
            _current = generation;
        }

        if (generation.Answers.TryGetValue(key, out var kept))
        {
            return kept;
        }

        var made = await make();
        if (made.Succeeded && generation.Answers.Count < MaxEntries)
        {
            generation.Answers.TryAdd(key, made.Value!);
        }

        return made;
    }
}

/// <summary>The public reads of communities, through <see cref="PublicReadCache"/>.</summary>
public sealed class PublicReads(
    IServiceProvider services, PublicReadCache cache, RegistryChangeStamp stamp, IOptions<JsonOptions> json, TimeProvider time)
{
    /// <summary>Made only when an answer is not kept: a kept one needs no database context.</summary>
    private CommunityUseCases Communities => services.GetRequiredService<CommunityUseCases>();

    public async Task<Result<CachedAnswer>> ListAsync(CommunityFilter filter, Paging paging, CancellationToken cancellationToken) =>
        await cache.GetOrMakeAsync($"list|{filter.Q}|{filter.Status}|{filter.Zone}|{paging.Page}|{paging.PageSize}",
            await stamp.CurrentAsync(cancellationToken), BangkokTime.Today(time), async () =>
            {
                var page = await Communities.ListAsync(filter, paging, cancellationToken);
                return page.Succeeded ? Answer(page.Value!) : page.Refusal!;
            });

    public async Task<Result<CachedAnswer>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await cache.GetOrMakeAsync($"detail|{id:N}", await stamp.CurrentAsync(cancellationToken), BangkokTime.Today(time), async () =>
        {
            var detail = await Communities.GetAsync(id, cancellationToken);
            return detail.Succeeded ? Detail(detail.Value!) : detail.Refusal!;
        });

    /// <summary>A community's detail as answered, with its tag: the version, then a digest of the bytes.</summary>
    public CachedAnswer Detail(Versioned<CommunityDetailView> detail)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(detail.Value, json.Value.SerializerOptions);
        return new CachedAnswer(body, CommunityTags.Of(detail.Version, body));
    }

    private CachedAnswer Answer<T>(T value)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions);
        return new CachedAnswer(body, $"\"{Digest(body)}\"");
    }

    internal static string Digest(byte[] body) => Base64Url(SHA256.HashData(body).AsSpan(0, 12));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The entity tag of a community's detail: <c>"&lt;version&gt;.&lt;digest&gt;"</c>. The digest changes with anything in the
/// answer (the current office holders too), so <c>If-None-Match</c> is exact; <c>If-Match</c> on a change checks the
/// version part, the community's own fields, as it did when the tag was the version alone (which is still accepted).
/// </summary>
public static class CommunityTags
{
    public static string Of(int version, byte[] body) => $"\"{version}.{PublicReads.Digest(body)}\"";

    /// <summary>An <c>If-Match</c> check for a change: the tags sent, reduced to the version they name.</summary>
    public static Refusal? RequireIfMatch(Microsoft.AspNetCore.Http.HttpRequest request, int currentVersion)
    {
        var tags = request.Headers.IfMatch.ToString();
        if (!string.IsNullOrEmpty(tags))
        {
            // "7.abc" names version 7: give the edge kit's check the version tag it knows.
            request.Headers.IfMatch = string.Join(", ", tags.Split(',').Select(t => t.Trim()).Select(VersionTag));
        }

        return Preconditions.RequireIfMatch(request, currentVersion);
    }

    private static string VersionTag(string tag) =>
        tag.StartsWith('"') && tag.EndsWith('"') && tag.IndexOf('.') is var dot and > 1 ? tag[..dot] + "\"" : tag;
}
