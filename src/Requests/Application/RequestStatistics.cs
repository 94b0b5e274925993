using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

public sealed record StatsRow(string Key, string? NameTh, string? NameEn, int Count, double? MedianHoursToFirstResponse, double? MedianHoursToResolution, double OverdueShare);

public sealed record StatsView(int? FiscalYear, DateTimeOffset AsOf, StatsRow Overall, IReadOnlyList<StatsRow> ByCategory, IReadOnlyList<StatsRow> ByCommunity, IReadOnlyList<StatsRow> ByDivision);

/// <summary>Service levels per category, community and division.</summary>
public sealed class RequestStatistics(RequestsDbContext db, TimeProvider time)
{
    /// <summary>The key of the row of requests not placed in a community yet.</summary>
    public const string UnplacedKey = "unplaced";

    /// <remarks>
    /// SQLite has no median: the filtered requests' timestamps are read (a few columns each) and the medians
    /// computed in memory. Fine for a town's thousands of requests a year.
    /// </remarks>
    public async Task<Result<StatsView>> GetAsync(int? fiscalYear, Guid? community, string? category, string? division, CancellationToken cancellationToken)
    {
        var errors = RequestQueries.Validate(category, null, fiscalYear, out _);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var rows = await db.Requests.AsNoTracking()
            .Filter(community, category, null, division, fiscalYear)
            .Select(r => new
            {
                r.Category,
                r.CommunityId,
                r.DivisionCode,
                Sample = new ServiceLevelSample(r.Status, r.SubmittedAt, r.FirstResponseDueAt, r.ResolutionDueAt, r.FirstRespondedAt, r.ResolvedAt, r.PlanProjectId != null),
            })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);

        StatsRow Row(string key, string? nameTh, string? nameEn, IEnumerable<ServiceLevelSample> samples)
        {
            var summary = ServiceLevels.Summarize(samples.ToList(), now);
            return new(key, nameTh, nameEn, summary.Count, summary.MedianHoursToFirstResponse, summary.MedianHoursToResolution, summary.OverdueShare);
        }

        var byCategory = rows.GroupBy(r => r.Category).OrderBy(g => categories.GetValueOrDefault(g.Key)?.SortOrder ?? int.MaxValue).ThenBy(g => g.Key)
            .Select(g => Row(g.Key, categories.GetValueOrDefault(g.Key)?.NameTh, categories.GetValueOrDefault(g.Key)?.NameEn, g.Select(r => r.Sample)))
            .ToList();
        // Requests not placed in a community yet (an address only, from Open311 or LINE) have their own row, last.
        Community? CommunityOf(Guid? id) => id is { } c ? communities.GetValueOrDefault(c) : null;
        var byCommunity = rows.GroupBy(r => r.CommunityId).OrderBy(g => g.Key is null).ThenBy(g => CommunityOf(g.Key)?.Code ?? "~").ThenBy(g => g.Key)
            .Select(g => g.Key is null
                ? Row(UnplacedKey, "ยังไม่ระบุชุมชน", "Not placed yet", g.Select(r => r.Sample))
                : Row(g.Key.Value.ToString(), CommunityOf(g.Key)?.NameTh, CommunityOf(g.Key)?.NameEn, g.Select(r => r.Sample)))
            .ToList();
        var byDivision = rows.GroupBy(r => r.DivisionCode).OrderBy(g => g.Key)
            .Select(g => Row(g.Key, divisions.GetValueOrDefault(g.Key)?.NameTh, divisions.GetValueOrDefault(g.Key)?.NameEn, g.Select(r => r.Sample)))
            .ToList();
        var overall = Row("all", "ทั้งหมด", "All", rows.Select(r => r.Sample));
        return new StatsView(fiscalYear, now, overall, byCategory, byCommunity, byDivision);
    }
}
