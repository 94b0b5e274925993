using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults.Problems;
using System.Globalization;

namespace Municipal.Requests.Application;

/// <summary>A request as Open311 describes it: with its service's and its agency's names.</summary>
public sealed record Open311Request(ServiceRequest Request, string ServiceName, string? Agency);

/// <summary>What Open311 <c>GET requests</c> asks for, read from its query.</summary>
public sealed record Open311Query(
    IReadOnlyList<string> RequestIds, IReadOnlyList<string> ServiceCodes, IReadOnlyList<string> Statuses, string? StartDate, string? EndDate);

/// <summary>The reads Open311 clients make: services, a service's definition, requests (never with personal data), tokens.</summary>
public sealed class Open311Reads(RequestsDbContext db, TimeProvider time)
{
    /// <summary>The spec's default window for GET requests, and its ceiling.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public const int MaxRequests = 1000;

    public async Task<(IReadOnlyList<RequestCategory> Categories, IReadOnlyDictionary<string, Division> Divisions)> ServicesAsync(CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);
        return (categories, divisions);
    }

    /// <summary>
    /// Discovery's <c>changeset</c>: when the service definitions first looked as they do now (or the configured date of
    /// the last change of the API itself, if later).
    /// </summary>
    public async Task<DateTimeOffset> ChangesetAsync(DateTimeOffset apiChangedAt, CancellationToken cancellationToken)
    {
        var fingerprint = Open311Changeset.FingerprintOf(
            await db.Categories.AsNoTracking().ToListAsync(cancellationToken),
            await db.Divisions.AsNoTracking().ToListAsync(cancellationToken),
            await db.Communities.AsNoTracking().ToListAsync(cancellationToken));
        var seen = await db.Open311Changesets.FirstOrDefaultAsync(c => c.Fingerprint == fingerprint, cancellationToken);
        var latest = await db.Open311Changesets.AsNoTracking().OrderByDescending(c => c.FirstSeenAt).Select(c => (DateTimeOffset?)c.FirstSeenAt).FirstOrDefaultAsync(cancellationToken);
        if (seen is null || seen.FirstSeenAt < latest)
        {
            // Discovery shows whole seconds: a new changeset is always at least a second after the one before. Definitions
            // back to an earlier look (a community deactivated, then active again) get a new moment too: clients that
            // compare changesets would never refresh on the old one.
            var now = time.GetUtcNow();
            now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var moment = latest is { } last && now <= last ? last.AddSeconds(1) : now;
            if (seen is null)
            {
                seen = Open311Changeset.Seen(fingerprint, moment);
                db.Open311Changesets.Add(seen);
            }
            else
            {
                seen.SeenAgain(moment);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another call saw the same definitions first: its moment stands.
                db.ChangeTracker.Clear();
                seen = await db.Open311Changesets.AsNoTracking().FirstAsync(c => c.Fingerprint == fingerprint, cancellationToken);
            }
        }

        return seen.FirstSeenAt > apiChangedAt ? seen.FirstSeenAt : apiChangedAt;
    }

    public async Task<Result<(RequestCategory Category, IReadOnlyList<Community> Communities)>> ServiceDefinitionAsync(string code, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return Refusal.NotFound(detail: $"service_code '{code}' not found.");
        }

        IReadOnlyList<Community> communities = await db.Communities.AsNoTracking().ToListAsync(cancellationToken);
        return (category, communities);
    }

    public async Task<Result<List<Open311Request>>> RequestsAsync(Open311Query asked, bool english, CancellationToken cancellationToken)
    {
        var query = db.Requests.AsNoTracking().Include(r => r.MediaLinks).AsSplitQuery();
        if (asked.RequestIds.Count > 0)
        {
            // The spec: service_request_id overrides every other argument.
            var numbers = asked.RequestIds.Select(i => i.ToUpperInvariant()).ToList();
            query = query.Where(r => numbers.Contains(r.Number));
        }
        else
        {
            var codes = asked.ServiceCodes.ToList();
            if (codes.Count > 0)
            {
                query = query.Where(r => codes.Contains(r.Category));
            }

            var statuses = asked.Statuses.Select(s => s.ToLowerInvariant()).Distinct().ToList();
            if (statuses.Any(s => s is not ("open" or "closed")))
            {
                return Refusal.Invalid("status", FieldError.NotOneOf(["open", "closed"], "status is open, closed, or both (comma delimited)."));
            }

            if (statuses.Count == 1)
            {
                var open = RequestStatuses.Open.ToList();
                query = statuses[0] == "open" ? query.Where(r => open.Contains(r.Status)) : query.Where(r => !open.Contains(r.Status));
            }

            if (!TryDate(asked.StartDate, out var start) || !TryDate(asked.EndDate, out var end))
            {
                return Refusal.Invalid("start_date", FieldError.BadFormat(FieldFormats.DateTime, "start_date and end_date are w3c dates with a time zone, e.g. 2026-01-01T00:00:00Z."));
            }

            // The spec's default: the most recent 90 days; a range may not span more than that.
            var to = end ?? (start is { } s ? s + DefaultWindow : time.GetUtcNow());
            var from = start ?? to - DefaultWindow;
            if (to < from)
            {
                return Refusal.Invalid("end_date", FieldError.Rule(FieldErrorCodes.EndBeforeStart, "end_date is before start_date."));
            }

            if (to - from > DefaultWindow)
            {
                return Refusal.Invalid("end_date", FieldError.Rule(FieldErrorCodes.SpanTooLong, "start_date and end_date may not span more than 90 days.").With("days", 90));
            }

            query = query.Where(r => r.SubmittedAt >= from && r.SubmittedAt <= to);
        }

        var requests = await query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(MaxRequests).ToListAsync(cancellationToken);
        return await DescribeAsync(requests, english, cancellationToken);
    }

    public async Task<Result<List<Open311Request>>> RequestAsync(string id, bool english, CancellationToken cancellationToken)
    {
        var number = id.Trim().ToUpperInvariant();
        var request = await db.Requests.AsNoTracking().Include(r => r.MediaLinks).FirstOrDefaultAsync(r => r.Number == number, cancellationToken);
        return request is null
            ? Refusal.NotFound(detail: $"service_request_id '{id}' not found.")
            : await DescribeAsync([request], english, cancellationToken);
    }

    /// <summary>Every service here is realtime, so a request's token is its number.</summary>
    public async Task<Result<string>> TokenAsync(string token, CancellationToken cancellationToken)
    {
        var number = token.Trim().ToUpperInvariant();
        return await db.Requests.AsNoTracking().AnyAsync(r => r.Number == number, cancellationToken)
            ? number
            : Refusal.NotFound(detail: $"token '{token}' not found.");
    }

    private async Task<List<Open311Request>> DescribeAsync(IReadOnlyList<ServiceRequest> requests, bool english, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);
        return requests.Select(r =>
        {
            var category = categories.GetValueOrDefault(r.Category);
            var division = divisions.GetValueOrDefault(r.DivisionCode);
            return new Open311Request(r,
                (english ? category?.NameEn : category?.NameTh) ?? r.Category,
                (english ? division?.NameEn : division?.NameTh) ?? r.DivisionCode);
        }).ToList();
    }

    private static bool TryDate(string? value, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
