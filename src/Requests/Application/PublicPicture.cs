using Municipal.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ThaiCalendar;

namespace Municipal.Requests.Application;

/// <summary>A request on the map: where, what, in which state. For the public its title is masked.</summary>
public sealed record MapMarker(Guid Id, string Number, double Latitude, double Longitude, string Category, RequestStatus Status, string Title, DateTimeOffset SubmittedAt, bool Overdue);

/// <summary>
/// The markers of a map: at most <see cref="PublicPicture.MaxMarkers"/> (newest first), <c>total</c> how many matched,
/// <c>withoutLocation</c> how many of those have no point (they are in the list below the map, not on it).
/// </summary>
public sealed record MapLayer(IReadOnlyList<MapMarker> Items, int Total, int WithoutLocation, bool Truncated);

/// <summary>One group of the public statistics: how many, and for groups of requests the median hours to a first response and to the fix.</summary>
public sealed record PublicCount(string Key, string? NameTh, string? NameEn, int Count, double? MedianHoursToFirstResponse = null, double? MedianHoursToFix = null);

/// <summary>Public statistics of one fiscal year: counts by status, category and community, and the medians overall.</summary>
public sealed record PublicStats(
    int FiscalYear, DateTimeOffset AsOf, int Total, int Fixed, double? MedianHoursToFirstResponse, double? MedianHoursToFix,
    IReadOnlyList<PublicCount> ByStatus, IReadOnlyList<PublicCount> ByCategory, IReadOnlyList<PublicCount> ByCommunity);

/// <summary>The public history of one request: when it changed state, nothing about who or why.</summary>
public sealed record PublicStep(DateTimeOffset At, RequestStatus? From, RequestStatus To);

/// <summary>
/// What anyone may see without signing in, as FixMyStreet and Traffy Fondue show a visitor first: the map of open and
/// recently fixed problems, one request's public view, and the statistics of a fiscal year. No personal data: no
/// submitter, no photos, no notes, no officer; phones and e-mails typed into text are masked by the views.
/// </summary>
public sealed class PublicPicture(RequestsDbContext db, RequestReads reads, TimeProvider time)
{
    public const int MaxMarkers = 2000;
    public const int DefaultRecentDays = 90;

    /// <summary>
    /// The public map: open requests and those fixed within <paramref name="recentDays"/> (90), or those of the one
    /// <c>status</c> asked for; filtered by category, community and fiscal year.
    /// </summary>
    public async Task<Result<MapLayer>> PublicMapAsync(Guid? community, string? category, string? status, int? fiscalYear, int? recentDays, CancellationToken cancellationToken)
    {
        var errors = RequestQueries.Validate(category, status, fiscalYear, out var parsed);
        if (recentDays is < 1 or > 365)
        {
            errors["recentDays"] = [FieldError.OutOfRange(1, 365, "Recently fixed means within 1 to 365 days (90 by default).")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = db.Requests.AsNoTracking().Filter(community, category, parsed, null, fiscalYear);
        if (parsed is null)
        {
            var since = time.GetUtcNow().AddDays(-(recentDays ?? DefaultRecentDays));
            var open = RequestStatuses.Open.ToList();
            query = query.Where(r => open.Contains(r.Status)
                || ((r.Status == RequestStatus.Resolved || r.Status == RequestStatus.Closed) && r.ResolvedAt != null && r.ResolvedAt >= since));
        }

        return await LayerAsync(query, masked: true, cancellationToken);
    }

    /// <summary>The staff's map over the board: the requests the board's filters give, titles as they are.</summary>
    public async Task<Result<MapLayer>> BoardMapAsync(RequestFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        var filtered = reads.BoardQuery(filter, caller);
        return filtered.Succeeded ? await LayerAsync(filtered.Value!.Query, masked: false, cancellationToken) : filtered.Refusal!;
    }

    public async Task<Result<(RequestDetails Details, IReadOnlyList<PublicStep> Steps)>> PublicRequestAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Requests.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { Request = r, Supporters = r.Supports.Count })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return RequestReads.NoSuchRequest;
        }

        var steps = await db.History.AsNoTracking()
            .Where(h => h.RequestId == id && h.Kind == HistoryKinds.Status)
            .OrderBy(h => h.At).ThenBy(h => h.From == null ? 0 : 1).ThenBy(h => h.Id)
            .Select(h => new PublicStep(h.At, h.From, h.To))
            .ToListAsync(cancellationToken);
        var details = new RequestDetails(row.Request, row.Supporters, [], await reads.CommunityNameAsync(row.Request.CommunityId, cancellationToken));
        return (details, steps);
    }

    /// <summary>The public statistics of a fiscal year (the current one when none is given).</summary>
    public async Task<Result<PublicStats>> PublicStatsAsync(int? fiscalYear, CancellationToken cancellationToken)
    {
        // A C.E. year (2026) is wrong-calendar naming the B.E. year meant, as every other read says it, not a bare "invalid".
        if (CalendarInput.CheckYear("fiscalYear", fiscalYear) is { } wrongYear)
        {
            return wrongYear;
        }

        var now = time.GetUtcNow();
        var year = fiscalYear ?? FiscalYear.Of(now).BuddhistEra;
        var rows = await db.Requests.AsNoTracking().Where(r => r.FiscalYear == year)
            .Select(r => new { r.Status, r.Category, r.CommunityId, r.SubmittedAt, r.FirstRespondedAt, r.ResolvedAt, WentToPlan = r.PlanProjectId != null })
            .ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);

        double? FirstResponse(IEnumerable<(DateTimeOffset Submitted, DateTimeOffset? Responded)> group) =>
            ServiceLevels.Median(group.Where(g => g.Responded is not null).Select(g => (g.Responded!.Value - g.Submitted).TotalHours).ToList());
        double? Fix(IEnumerable<(DateTimeOffset Submitted, DateTimeOffset? Resolved, bool Plan)> group) =>
            ServiceLevels.Median(group.Where(g => g.Resolved is not null && !g.Plan).Select(g => (g.Resolved!.Value - g.Submitted).TotalHours).ToList());

        var byStatus = Enum.GetValues<RequestStatus>()
            .Select(s => new PublicCount(s.ToCode(), null, null, rows.Count(r => r.Status == s)))
            .ToList();
        var byCategory = rows.GroupBy(r => r.Category)
            .OrderBy(g => categories.GetValueOrDefault(g.Key)?.SortOrder ?? int.MaxValue).ThenBy(g => g.Key)
            .Select(g => new PublicCount(g.Key, categories.GetValueOrDefault(g.Key)?.NameTh, categories.GetValueOrDefault(g.Key)?.NameEn, g.Count(),
                FirstResponse(g.Select(r => (r.SubmittedAt, r.FirstRespondedAt))), Fix(g.Select(r => (r.SubmittedAt, r.ResolvedAt, r.WentToPlan)))))
            .ToList();
        // Requests not placed in a community yet have their own row, last (as in the staff's statistics).
        Community? CommunityOf(Guid? id) => id is { } c ? communities.GetValueOrDefault(c) : null;
        var byCommunity = rows.GroupBy(r => r.CommunityId)
            .OrderBy(g => g.Key is null).ThenBy(g => CommunityOf(g.Key)?.Code ?? "~").ThenBy(g => g.Key)
            .Select(g => new PublicCount(g.Key?.ToString() ?? RequestStatistics.UnplacedKey,
                g.Key is null ? "ยังไม่ระบุชุมชน" : CommunityOf(g.Key)?.NameTh, g.Key is null ? "Not placed yet" : CommunityOf(g.Key)?.NameEn, g.Count(),
                FirstResponse(g.Select(r => (r.SubmittedAt, r.FirstRespondedAt))), Fix(g.Select(r => (r.SubmittedAt, r.ResolvedAt, r.WentToPlan)))))
            .ToList();
        return new PublicStats(year, now, rows.Count, rows.Count(r => r.Status is RequestStatus.Resolved or RequestStatus.Closed),
            FirstResponse(rows.Select(r => (r.SubmittedAt, r.FirstRespondedAt))), Fix(rows.Select(r => (r.SubmittedAt, r.ResolvedAt, r.WentToPlan))),
            byStatus, byCategory, byCommunity);
    }

    private async Task<MapLayer> LayerAsync(IQueryable<ServiceRequest> query, bool masked, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var located = query.Where(r => r.Latitude != null && r.Longitude != null);
        var withLocation = await located.CountAsync(cancellationToken);
        var now = time.GetUtcNow();
        var markers = (await located.Newest().Take(MaxMarkers).ToListAsync(cancellationToken))
            .Select(r => new MapMarker(r.Id, r.Number, r.Latitude!.Value, r.Longitude!.Value, r.Category, r.Status,
                masked ? PersonalData.Mask(r.Title) : r.Title, r.SubmittedAt, r.IsOverdue(now)))
            .ToList();
        return new MapLayer(markers, total, total - withLocation, withLocation > markers.Count);
    }
}
