using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using Microsoft.Extensions.Options;
using System.Linq.Expressions;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>A request with what its views show beside it.</summary>
public sealed record RequestDetails(
    ServiceRequest Request, int Supporters, IReadOnlyList<RequestPhoto> Photos, string? CommunityName, IReadOnlyList<DuplicateHint>? PossibleDuplicates = null,
    FeedbackState? Feedback = null);

/// <summary>
/// The question about the current resolution: its round, when it was asked, until when an answer counts, whether the
/// submitter may answer now, and the answer that counted.
/// </summary>
public sealed record FeedbackState(int Round, DateTimeOffset? AskedAt, DateTimeOffset AnswerBy, bool Open, RequestFeedback? Given);

/// <summary>The requests a board's filters select for a caller, not yet read.</summary>
public sealed record BoardSelection(IQueryable<ServiceRequest> Query);

/// <summary>What <c>GET /api/requests/public</c> asks for besides the filter.</summary>
public sealed record NearQuery(double? Latitude, double? Longitude, int? Radius);

/// <summary>The reads of requests: one, its history, the caller's list and the public list.</summary>
public sealed class RequestReads(RequestsDbContext db, DuplicateFinder duplicates, IOptions<FeedbackOptions> feedbackOptions, TimeProvider time)
{
    public static Refusal NoSuchRequest => Refusal.NotFound("No such request.");

    /// <summary>One request, for whoever may see it; someone who may not is told it does not exist, so ids are not probed that way.</summary>
    public async Task<Result<RequestDetails>> GetAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var row = await db.Requests.AsNoTracking().Include(r => r.MediaLinks).Where(r => r.Id == id)
            .Select(r => new { Request = r, Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || !RequestAccess.CanSee(caller, row.Request))
        {
            return NoSuchRequest;
        }

        var request = row.Request;
        if (RequestAccess.CanSeeContact(caller, request) && !RequestAccess.IsSubmitter(caller, request)
            && (request.HasSubmitterContact || request.SubmitterName is not null))
        {
            // Like the registry: every read of a submitter's contact by someone else is logged, before it is shown.
            db.ContactReads.Add(ContactRead.Record(caller, request.Id, "request", time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            RequestsTelemetry.ContactReads.Add(1);
        }

        var hints = request.Status.IsOpen() ? await duplicates.FindAsync(request.Category, request.Location, request.Id, cancellationToken) : [];
        return new RequestDetails(request, row.Supporters, row.Photos, await CommunityNameAsync(request.CommunityId, cancellationToken), hints,
            await FeedbackStateAsync(request, cancellationToken));
    }

    /// <summary>A request just taken in, with the open requests nearby that may be the same problem.</summary>
    public async Task<RequestDetails> DetailsOfNewAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var hints = await duplicates.FindAsync(request.Category, request.Location, request.Id, cancellationToken);
        return new RequestDetails(request, 0, [], await CommunityNameAsync(request.CommunityId, cancellationToken), hints);
    }

    /// <summary>A request as it is after a change was saved.</summary>
    public async Task<RequestDetails> DetailsAfterChangeAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var row = await db.Requests.AsNoTracking().Where(r => r.Id == request.Id)
            .Select(r => new { Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .FirstAsync(cancellationToken);
        return new RequestDetails(request, row.Supporters, row.Photos, await CommunityNameAsync(request.CommunityId, cancellationToken),
            Feedback: await FeedbackStateAsync(request, cancellationToken));
    }

    /// <summary>The question about the request's current resolution; null before its first.</summary>
    public async Task<FeedbackState?> FeedbackStateAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        if (request.ResolutionRound < 1)
        {
            return null;
        }

        var policy = feedbackOptions.Value.Policy;
        var round = request.ResolutionRound;
        var given = await db.Feedback.AsNoTracking().Where(f => f.RequestId == request.Id && f.Round == round).FirstOrDefaultAsync(cancellationToken);
        var resolvedAt = request.ResolvedAt ?? await db.History.AsNoTracking()
            .Where(h => h.RequestId == request.Id && h.To == RequestStatus.Resolved).OrderByDescending(h => h.At).Select(h => (DateTimeOffset?)h.At)
            .FirstOrDefaultAsync(cancellationToken);
        if (resolvedAt is null)
        {
            return null;
        }

        var decision = FeedbackRules.Decide(request.Status, round, request.ResolvedAt, null, fixedIt: true, given is not null, time.GetUtcNow(), policy);
        return new FeedbackState(round, request.FeedbackAskedAt, policy.AnswerBy(resolvedAt.Value), decision.Verdict == FeedbackVerdict.Accepted, given);
    }

    public async Task<Result<IReadOnlyList<RequestHistoryEntry>>> HistoryAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return NoSuchRequest;
        }

        return await db.History.AsNoTracking().Where(h => h.RequestId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The requests the caller may see, filtered, newest first.</summary>
    public async Task<Result<Page<RequestDetails>>> ListAsync(RequestFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        var paging = Paging.From(filter.Page, filter.PageSize);
        var filtered = BoardQuery(filter, caller);
        if (paging.Refusal is not null || !filtered.Succeeded)
        {
            var errors = new Dictionary<string, FieldError[]>(paging.Refusal?.FieldErrors ?? new Dictionary<string, FieldError[]>());
            foreach (var (field, messages) in filtered.Refusal?.FieldErrors ?? new Dictionary<string, FieldError[]>())
            {
                errors[field] = messages;
            }

            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = filtered.Value!.Query;
        var total = await query.CountAsync(cancellationToken);
        var rows = await paging.Value.Of(query.Include(r => r.MediaLinks).Newest())
            .Select(r => new { Request = r, Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .ToListAsync(cancellationToken);
        var names = await CommunityNamesAsync(rows.Select(r => r.Request.CommunityId), cancellationToken);
        return new Page<RequestDetails>(
            rows.Select(r => new RequestDetails(r.Request, r.Supporters, r.Photos, NameOf(names, r.Request.CommunityId))).ToList(), total);
    }

    /// <summary>
    /// The requests the caller may see with the board's filters (the list, the staff's map and the CSV export share it):
    /// a 400 naming each bad filter.
    /// </summary>
    public Result<BoardSelection> BoardQuery(RequestFilter filter, Caller caller)
    {
        var errors = RequestQueries.Validate(filter.Category, filter.Status, filter.FiscalYear, out var status);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = db.Requests.AsNoTracking()
            .VisibleTo(caller, filter.Mine == true)
            .Filter(filter.Community, filter.Category, status, filter.Division, filter.FiscalYear);
        if (filter.AssignedToMe == true)
        {
            var self = caller.Subject ?? "";
            query = query.Where(r => r.AssigneeSubject == self);
        }

        if (filter.Overdue is { } overdue)
        {
            var rule = ServiceLevels.OverdueAt(time.GetUtcNow());
            query = overdue ? query.Where(rule) : query.Where(Expression.Lambda<Func<ServiceRequest, bool>>(Expression.Not(rule.Body), rule.Parameters));
        }

        return new BoardSelection(query);
    }

    /// <summary>Requests for everyone; near a point, the open ones within the radius, nearest first (what a resident checks before filing).</summary>
    public async Task<Result<Page<RequestDetails>>> ListPublicAsync(RequestFilter filter, NearQuery near, CancellationToken cancellationToken)
    {
        var paging = Paging.From(filter.Page, filter.PageSize);
        var errors = new Dictionary<string, FieldError[]>(paging.Refusal?.FieldErrors ?? new Dictionary<string, FieldError[]>());
        var filterErrors = RequestQueries.Validate(filter.Category, filter.Status, filter.FiscalYear, out var status);
        foreach (var (field, messages) in filterErrors)
        {
            errors[field] = messages;
        }

        GeoPoint? centre = null;
        if (near.Latitude is not null || near.Longitude is not null)
        {
            centre = near.Latitude is { } lat && near.Longitude is { } lon ? new GeoPoint(lat, lon) : null;
            if (centre is not { IsValid: true })
            {
                errors["latitude"] = [FieldError.Rule(FieldErrorCodes.BothOrNeither, "Give both latitude and longitude (WGS 84) to search near a point.")];
            }
        }

        if (near.Radius is < 1 or > 2000)
        {
            errors["radius"] = [FieldError.OutOfRange(1, 2000, "The radius is 1 to 2000 metres (100 by default).")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = db.Requests.AsNoTracking().Filter(filter.Community, filter.Category, status, null, filter.FiscalYear);
        List<(ServiceRequest Request, int Supporters)> rows;
        int total;
        if (centre is { } point)
        {
            var metres = near.Radius ?? (int)DuplicateHints.RadiusMetres;
            var (minLat, maxLat, minLon, maxLon) = DuplicateHints.BoundingBox(point, metres);
            var open = RequestStatuses.Open.ToList();
            var candidates = await query
                .Where(r => (status != null || open.Contains(r.Status))
                    && r.Latitude >= minLat && r.Latitude <= maxLat && r.Longitude >= minLon && r.Longitude <= maxLon)
                .Select(r => new { Request = r, Supporters = r.Supports.Count })
                .Take(1000)
                .ToListAsync(cancellationToken);
            var within = candidates
                .Select(c => (c.Request, c.Supporters, Metres: DuplicateHints.DistanceMetres(point, c.Request.Location!.Value)))
                .Where(c => c.Metres <= metres)
                .OrderBy(c => c.Metres).ThenBy(c => c.Request.Id)
                .ToList();
            total = within.Count;
            rows = within.Skip(paging.Value.Skip).Take(paging.Value.PageSize).Select(c => (c.Request, c.Supporters)).ToList();
        }
        else
        {
            total = await query.CountAsync(cancellationToken);
            rows = (await paging.Value.Of(query.Newest())
                .Select(r => new { Request = r, Supporters = r.Supports.Count })
                .ToListAsync(cancellationToken)).Select(r => (r.Request, r.Supporters)).ToList();
        }

        var names = await CommunityNamesAsync(rows.Select(r => r.Request.CommunityId), cancellationToken);
        return new Page<RequestDetails>(
            rows.Select(r => new RequestDetails(r.Request, r.Supporters, [], NameOf(names, r.Request.CommunityId))).ToList(), total);
    }

    /// <summary>The community's Thai name; null for an unplaced request or a community the copy does not hold.</summary>
    public async Task<string?> CommunityNameAsync(Guid? id, CancellationToken cancellationToken) => id is { } key
        ? (await db.Communities.FindAsync([key], cancellationToken))?.NameTh // no statement when this context holds it already
        : null;

    public static string? NameOf(IReadOnlyDictionary<Guid, string> names, Guid? id) => id is { } c ? names.GetValueOrDefault(c) : null;

    public async Task<Dictionary<Guid, string>> CommunityNamesAsync(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Communities.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.NameTh, cancellationToken);
    }
}
