using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// One group's service levels, and how its fixes held: <c>ReopenRate</c> (of the requests resolved at least once, the share
/// reopened), <c>Answers</c> of submitters about the fix, the share of them saying <c>NotFixed</c>, and the average 1–5 rating.
/// </summary>
public sealed record StatsRow(
    string Key, string? NameTh, string? NameEn, int Count, double? MedianHoursToFirstResponse, double? MedianHoursToResolution, double OverdueShare,
    double? ReopenRate = null, int Answers = 0, double? NotFixedShare = null, int Ratings = 0, double? AverageRating = null);

public sealed record StatsView(int? FiscalYear, DateTimeOffset AsOf, StatsRow Overall, IReadOnlyList<StatsRow> ByCategory, IReadOnlyList<StatsRow> ByCommunity, IReadOnlyList<StatsRow> ByDivision);

/// <summary>Service levels per category, community and division, with how the fixes held.</summary>
public sealed class RequestStatistics(RequestsDbContext db, TimeProvider time)
{
    /// <summary>The key of the row of requests not placed in a community yet.</summary>
    public const string UnplacedKey = "unplaced";

    private sealed record Measured(string Category, Guid? CommunityId, string DivisionCode, ServiceLevelSample Sample, int ResolutionRound, int ReopenCount);

    private sealed record Answer(Guid? CommunityId, string DivisionCode, string Category, bool Fixed, int? Rating);

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

        var filtered = db.Requests.AsNoTracking().Filter(community, category, null, division, fiscalYear);
        var rows = (await filtered
            .Select(r => new
            {
                r.Category,
                r.CommunityId,
                r.DivisionCode,
                r.ResolutionRound,
                r.ReopenCount,
                Sample = new ServiceLevelSample(r.Status, r.SubmittedAt, r.FirstResponseDueAt, r.ResolutionDueAt, r.FirstRespondedAt, r.ResolvedAt, r.PlanProjectId != null),
            })
            .ToListAsync(cancellationToken))
            .Select(r => new Measured(r.Category, r.CommunityId, r.DivisionCode, r.Sample, r.ResolutionRound, r.ReopenCount))
            .ToList();
        // The answers about the fixes of those requests, grouped by the division and category they had when answered.
        var answers = (await db.Feedback.AsNoTracking()
                .Join(filtered, f => f.RequestId, r => r.Id, (f, r) => new { r.CommunityId, f.DivisionCode, f.Category, f.Fixed, f.Rating })
                .ToListAsync(cancellationToken))
            .Select(a => new Answer(a.CommunityId, a.DivisionCode, a.Category, a.Fixed, a.Rating))
            .ToList();
        var now = time.GetUtcNow();
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);

        StatsRow Row(string key, string? nameTh, string? nameEn, IEnumerable<Measured> group, Func<Answer, bool> answerIn)
        {
            var members = group.ToList();
            var summary = ServiceLevels.Summarize(members.Select(m => m.Sample).ToList(), now);
            var fixes = FixStatistics.Summarize(
                members.Select(m => (m.ResolutionRound, m.ReopenCount)).ToList(),
                answers.Where(answerIn).Select(a => (a.Fixed, a.Rating)).ToList());
            return new(key, nameTh, nameEn, summary.Count, summary.MedianHoursToFirstResponse, summary.MedianHoursToResolution, summary.OverdueShare,
                fixes.ReopenRate, fixes.Answers, fixes.NotFixedShare, fixes.Ratings, fixes.AverageRating);
        }

        var byCategory = rows.GroupBy(r => r.Category).OrderBy(g => categories.GetValueOrDefault(g.Key)?.SortOrder ?? int.MaxValue).ThenBy(g => g.Key)
            .Select(g => Row(g.Key, categories.GetValueOrDefault(g.Key)?.NameTh, categories.GetValueOrDefault(g.Key)?.NameEn, g, a => a.Category == g.Key))
            .ToList();
        // Requests not placed in a community yet (an address only, from Open311 or LINE) have their own row, last.
        Community? CommunityOf(Guid? id) => id is { } c ? communities.GetValueOrDefault(c) : null;
        var byCommunity = rows.GroupBy(r => r.CommunityId).OrderBy(g => g.Key is null).ThenBy(g => CommunityOf(g.Key)?.Code ?? "~").ThenBy(g => g.Key)
            .Select(g => g.Key is null
                ? Row(UnplacedKey, "ยังไม่ระบุชุมชน", "Not placed yet", g, a => a.CommunityId is null)
                : Row(g.Key.Value.ToString(), CommunityOf(g.Key)?.NameTh, CommunityOf(g.Key)?.NameEn, g, a => a.CommunityId == g.Key))
            .ToList();
        var byDivision = rows.GroupBy(r => r.DivisionCode).OrderBy(g => g.Key)
            .Select(g => Row(g.Key, divisions.GetValueOrDefault(g.Key)?.NameTh, divisions.GetValueOrDefault(g.Key)?.NameEn, g, a => a.DivisionCode == g.Key))
            .ToList();
        var overall = Row("all", "ทั้งหมด", "All", rows, _ => true);
        return new StatsView(fiscalYear, now, overall, byCategory, byCommunity, byDivision);
    }
}
