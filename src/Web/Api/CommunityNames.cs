using Municipal.Web.Localization;

namespace Municipal.Web.Api;

/// <summary>
/// Community names in the page's language (the English name in English mode, when the registry has one), read once per
/// circuit: lists that carry only a community's id or its Thai name say it the same way everywhere.
/// </summary>
public sealed class CommunityNames(CommunitiesClient communities)
{
    private IReadOnlyDictionary<Guid, CommunityDto>? _byId;

    public async Task<IReadOnlyList<CommunityDto>> AllAsync(CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken);
        return _byId!.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_byId is null)
        {
            var page = await communities.ListAsync(pageSize: 100, cancellationToken: cancellationToken);
            _byId = (page.Value?.Items ?? []).ToDictionary(c => c.Id);
        }
    }

    /// <summary>The community's name (after <see cref="LoadAsync"/>), or the fallback when it is not known.</summary>
    public string Of(Guid? id, string? fallback = null) =>
        id is { } key && _byId?.TryGetValue(key, out var community) == true ? Name(community.NameTh, community.NameEn) : fallback ?? "–";

    public static string Name(string? nameTh, string? nameEn) => (L.IsEnglish ? nameEn ?? nameTh : nameTh) ?? "–";
}
