using Municipal.Messaging.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Requests.Domain;
using Municipal.Requests.Handlers;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;

namespace Municipal.Requests.Apis;

public sealed record CategoryView(string Code, string NameTh, string NameEn, string DivisionCode, string? DivisionNameTh, int FirstResponseHours, int ResolutionDays);

/// <summary>The body of <c>POST /api/requests/{id}/transitions</c>.</summary>
public sealed record TransitionRequest
{
    /// <summary>The state to move to, e.g. <c>triaged</c>, <c>in-progress</c>, <c>needs-budget</c>.</summary>
    public string? To { get; init; }
    public string? Note { get; init; }

    /// <summary>For <c>triaged</c>: the division to assign (the category's by default).</summary>
    public string? Division { get; init; }

    /// <summary>For <c>duplicate</c>: the request this one repeats.</summary>
    public Guid? DuplicateOf { get; init; }

    /// <summary>For <c>proposed-for-plan</c>: the plan project to attach it to.</summary>
    public Guid? ProjectId { get; init; }
}

public sealed record SupportView(Guid RequestId, int Supporters, bool Added);

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests").WithTags("Requests");

        api.MapGet("/categories", ListCategoriesAsync)
            .AllowAnonymous()
            .WithName("ListRequestCategories")
            .WithSummary("The kinds of problem a request can be about, the division each goes to and its service levels.");

        api.MapPost("", SubmitAsync)
            .RequireAuthorization(RequestPolicies.Submit)
            .WithName("SubmitRequest")
            .WithSummary("Submit a problem or need of a community. An Idempotency-Key header makes retries safe.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("", ListAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("ListRequests")
            .WithSummary("Requests the caller may see: their own; a leader's community; everything for officials. Filters and paging.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/public", ListPublicAsync)
            .AllowAnonymous()
            .WithName("ListPublicRequests")
            .WithSummary("Requests for everyone, without personal data; near=latitude,longitude finds open ones close by before filing.")
            .ProducesValidationProblem();

        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetRequest")
            .WithSummary("One request, for its submitter, its community's leader, or municipal officials.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/history", HistoryAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetRequestHistory")
            .WithSummary("Every change of the request's state: when, from what to what, by whom, and why.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/transitions", TransitionAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("TransitionRequest")
            .WithSummary("Move the request on in its workflow (triage, work, resolve, reject, mark duplicate, propose for the plan, reopen).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/{id:guid}/support", SupportAsync)
            .RequireAuthorization(RequestPolicies.Submit)
            .WithName("SupportRequest")
            .WithSummary("\"Me too\": back an open request instead of filing the same problem again.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Ok<Page<CategoryView>>> ListCategoriesAsync(RequestsDbContext db, CancellationToken cancellationToken)
    {
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.NameTh, cancellationToken);
        var items = (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken))
            .Select(c => new CategoryView(c.Code, c.NameTh, c.NameEn, c.DivisionCode, divisions.GetValueOrDefault(c.DivisionCode), c.FirstResponseHours, c.ResolutionDays))
            .ToList();
        return TypedResults.Ok(new Page<CategoryView>(items, items.Count));
    }

    internal static async Task<Results<Created<RequestView>, StoredResponse, ProblemHttpResult>> SubmitAsync(
        RequestSubmission submission, HttpRequest http, ClaimsPrincipal user, RequestsDbContext db, RequestIntake intake,
        DuplicateFinder duplicates, Idempotency idempotency, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var caller = actor.Subject ?? "";
        var jsonOptions = json.Value.SerializerOptions;

        string? key = null;
        string? fingerprint = null;
        if (http.Headers.TryGetValue(IdempotencyRecord.Header, out var header))
        {
            key = header.ToString();
            if (!IdempotencyRecord.IsValidKey(key))
            {
                return ApiSupport.Invalid(IdempotencyRecord.Header, $"An idempotency key is 1 to {IdempotencyRecord.KeyMaxLength} visible ASCII characters, e.g. a UUID.");
            }

            fingerprint = IdempotencyRecord.FingerprintOf("api:" + JsonSerializer.Serialize(submission, jsonOptions));
            var (verdict, record) = await idempotency.CheckAsync(caller, key, fingerprint, cancellationToken);
            switch (verdict)
            {
                case IdempotencyVerdict.Replay:
                    return new StoredResponse(record!.StatusCode, record.ContentType, record.Body, record.Location);
                case IdempotencyVerdict.Mismatch:
                    return KeyReused();
            }
        }

        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return ApiSupport.Invalid(errors, "The request is not valid.");
        }

        // A leader (even one whose token lacks its community claim) submits for their own community only.
        if (actor.Roles.Contains(Roles.CommunityLeader) && !actor.IsStaff && !actor.IsAdmin && !actor.LeadsCommunity(submission.CommunityId))
        {
            return ApiSupport.Problem(StatusCodes.Status403Forbidden, "Not your community.",
                "A community leader submits requests for their own community only.");
        }

        var channel = submission.ChannelOrDefault;
        if (channel == RequestChannel.Phone && !actor.IsStaff && !actor.IsAdmin)
        {
            return ApiSupport.Problem(StatusCodes.Status403Forbidden, "Only staff take phoned-in requests.",
                "Submit as yourself (channel web or mobile): the request is linked to your account.");
        }

        var submitter = channel == RequestChannel.Phone ? submission.PhoneSubmitter() : new Submitter(actor.Subject);
        var (request, outcome) = await intake.TakeAsync(submission, new IntakeContext(channel, submitter, actor), cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.ToProblem();
        }

        var hints = await duplicates.FindAsync(request!.Category, request.Location, request.Id, cancellationToken);
        var communityName = await db.Communities.Where(c => c.Id == request.CommunityId).Select(c => c.NameTh).FirstOrDefaultAsync(cancellationToken);
        var view = RequestView.From(request, 0, [], communityName, RequestAccess.CanSeeContact(actor, request), time.GetUtcNow(), hints);
        var location = $"/api/requests/{request.Id}";
        if (key is not null)
        {
            idempotency.Remember(caller, key, fingerprint!, StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(view, jsonOptions), location, request.Id);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // A retry with the same key raced this one and committed first: answer as it did.
            var winner = await idempotency.FindWinnerAsync(caller, key, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return winner.Fingerprint == fingerprint
                ? new StoredResponse(winner.StatusCode, winner.ContentType, winner.Body, winner.Location)
                : KeyReused();
        }

        return TypedResults.Created(location, view);
    }

    private static ProblemHttpResult KeyReused() => ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity,
        "This Idempotency-Key was used for a different request.",
        "A retry must repeat the first body exactly. Use a new key for a new request.");

    internal static async Task<Results<Ok<Page<RequestView>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RequestFilter filter, ClaimsPrincipal user, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var paging = Paging.From(filter.Page, filter.PageSize, out var errors);
        var filterErrors = RequestQueries.Validate(filter.Category, filter.Status, filter.FiscalYear, out var status);
        foreach (var (field, messages) in filterErrors)
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return ApiSupport.Invalid(errors, "The filter is not valid.");
        }

        var actor = user.ToActor();
        var now = time.GetUtcNow();
        var query = db.Requests.AsNoTracking()
            .VisibleTo(actor, filter.Mine == true)
            .Filter(filter.Community, filter.Category, status, filter.Division, filter.FiscalYear);
        if (filter.Overdue is { } overdue)
        {
            var rule = ServiceLevels.OverdueAt(now);
            query = overdue ? query.Where(rule) : query.Where(System.Linq.Expressions.Expression.Lambda<Func<ServiceRequest, bool>>(
                System.Linq.Expressions.Expression.Not(rule.Body), rule.Parameters));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Newest().Skip(paging.Skip).Take(paging.PageSize)
            .Select(r => new { Request = r, Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .ToListAsync(cancellationToken);
        var names = await CommunityNamesAsync(db, rows.Select(r => r.Request.CommunityId), cancellationToken);
        var items = rows.Select(r => RequestView.From(r.Request, r.Supporters, r.Photos, names.GetValueOrDefault(r.Request.CommunityId),
            RequestAccess.CanSeeContact(actor, r.Request), now)).ToList();
        return TypedResults.Ok(new Page<RequestView>(items, total));
    }

    internal static async Task<Results<Ok<Page<PublicRequestView>>, ProblemHttpResult>> ListPublicAsync(
        RequestsDbContext db, CancellationToken cancellationToken,
        Guid? community = null, string? category = null, string? status = null, int? fiscalYear = null,
        double? latitude = null, double? longitude = null, int? radius = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize, out var errors);
        var filterErrors = RequestQueries.Validate(category, status, fiscalYear, out var parsedStatus);
        foreach (var (field, messages) in filterErrors)
        {
            errors[field] = messages;
        }

        GeoPoint? near = null;
        if (latitude is not null || longitude is not null)
        {
            near = latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;
            if (near is not { IsValid: true })
            {
                errors["latitude"] = ["Give both latitude and longitude (WGS 84) to search near a point."];
            }
        }

        if (radius is < 1 or > 2000)
        {
            errors["radius"] = ["The radius is 1 to 2000 metres (100 by default)."];
        }

        if (errors.Count > 0)
        {
            return ApiSupport.Invalid(errors, "The filter is not valid.");
        }

        var query = db.Requests.AsNoTracking().Filter(community, category, parsedStatus, null, fiscalYear);
        List<(ServiceRequest Request, int Supporters)> rows;
        int total;
        if (near is { } centre)
        {
            // Near a point: the open requests within the radius, nearest first (what a resident checks before filing).
            var metres = radius ?? (int)DuplicateHints.RadiusMetres;
            var (minLat, maxLat, minLon, maxLon) = DuplicateHints.BoundingBox(centre, metres);
            var open = RequestStatuses.Open.ToList();
            var candidates = await query
                .Where(r => (parsedStatus != null || open.Contains(r.Status))
                    && r.Latitude >= minLat && r.Latitude <= maxLat && r.Longitude >= minLon && r.Longitude <= maxLon)
                .Select(r => new { Request = r, Supporters = r.Supports.Count })
                .Take(1000)
                .ToListAsync(cancellationToken);
            var within = candidates
                .Select(c => (c.Request, c.Supporters, Metres: DuplicateHints.DistanceMetres(centre, c.Request.Location!.Value)))
                .Where(c => c.Metres <= metres)
                .OrderBy(c => c.Metres).ThenBy(c => c.Request.Id)
                .ToList();
            total = within.Count;
            rows = within.Skip(paging.Skip).Take(paging.PageSize).Select(c => (c.Request, c.Supporters)).ToList();
        }
        else
        {
            total = await query.CountAsync(cancellationToken);
            rows = (await query.Newest().Skip(paging.Skip).Take(paging.PageSize)
                .Select(r => new { Request = r, Supporters = r.Supports.Count })
                .ToListAsync(cancellationToken)).Select(r => (r.Request, r.Supporters)).ToList();
        }

        var names = await CommunityNamesAsync(db, rows.Select(r => r.Request.CommunityId), cancellationToken);
        var items = rows.Select(r => PublicRequestView.From(r.Request, r.Supporters, names.GetValueOrDefault(r.Request.CommunityId))).ToList();
        return TypedResults.Ok(new Page<PublicRequestView>(items, total));
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpResponse response, ClaimsPrincipal user, RequestsDbContext db, DuplicateFinder duplicates, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var row = await db.Requests.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { Request = r, Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        // Someone who may not see a request is told it does not exist: ids are not probed that way.
        if (row is null || !RequestAccess.CanSee(actor, row.Request))
        {
            return ApiSupport.NotFound();
        }

        var request = row.Request;
        var hints = request.Status.IsOpen() ? await duplicates.FindAsync(request.Category, request.Location, request.Id, cancellationToken) : [];
        var communityName = await db.Communities.Where(c => c.Id == request.CommunityId).Select(c => c.NameTh).FirstOrDefaultAsync(cancellationToken);
        response.Headers.ETag = ETagOf(request);
        return TypedResults.Ok(RequestView.From(request, row.Supporters, row.Photos, communityName, RequestAccess.CanSeeContact(actor, request), time.GetUtcNow(), hints));
    }

    internal static async Task<Results<Ok<Page<HistoryView>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ClaimsPrincipal user, RequestsDbContext db, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(actor, request))
        {
            return ApiSupport.NotFound();
        }

        var entries = await db.History.AsNoTracking().Where(h => h.RequestId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        var items = entries.Select(h => HistoryView.Of(h, actor.IsOfficial)).ToList();
        return TypedResults.Ok(new Page<HistoryView>(items, items.Count));
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> TransitionAsync(
        Guid id, TransitionRequest body, HttpRequest http, ClaimsPrincipal user, RequestsDbContext db, RequestTransitions transitions,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!RequestStatuses.TryParse(body.To, out var to))
        {
            return ApiSupport.Invalid("to", $"Name the state to move to: one of {string.Join(", ", RequestStatuses.Codes)}.");
        }

        var actor = user.ToActor();
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(actor, request))
        {
            return ApiSupport.NotFound();
        }

        if (http.Headers.IfMatch.Count > 0 && !http.Headers.IfMatch.Any(tag => tag == ETagOf(request) || tag == "*"))
        {
            return ApiSupport.Problem(StatusCodes.Status412PreconditionFailed, "The request changed since you read it.",
                $"It is now {request.Status.ToCode()} (ETag {ETagOf(request)}). Read it again and decide anew.");
        }

        var command = new TransitionCommand(to, body.Note, string.IsNullOrWhiteSpace(body.Division) ? null : body.Division.Trim(), body.DuplicateOf, body.ProjectId);
        var outcome = await transitions.ApplyAsync(request, command, actor, RequestTransitions.PartyOf(actor, request), cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.ToProblem();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.ConcurrentChange("request");
        }

        var row = await db.Requests.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { Supporters = r.Supports.Count, Photos = r.Photos.ToList() })
            .FirstAsync(cancellationToken);
        var communityName = await db.Communities.Where(c => c.Id == request.CommunityId).Select(c => c.NameTh).FirstOrDefaultAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = ETagOf(request);
        return TypedResults.Ok(RequestView.From(request, row.Supporters, row.Photos, communityName, RequestAccess.CanSeeContact(actor, request), time.GetUtcNow()));
    }

    internal static async Task<Results<Ok<SupportView>, ProblemHttpResult>> SupportAsync(
        Guid id, ClaimsPrincipal user, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var subject = actor.Subject;
        if (subject is null)
        {
            return ApiSupport.Problem(StatusCodes.Status403Forbidden, "Support needs a signed-in person.");
        }

        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return ApiSupport.NotFound();
        }

        if (request.Status == RequestStatus.Duplicate)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "This request is a duplicate.",
                $"Support the original instead: {request.DuplicateOfId}.");
        }

        if (!request.Status.IsOpen())
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, $"The request is {request.Status.ToCode()}.",
                "Only open requests take support. If the problem is back, file a new request.");
        }

        if (request.SubmitterSubject == subject)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "You submitted this request.", "Your own request already counts.");
        }

        var added = false;
        if (!await db.Supports.AnyAsync(s => s.RequestId == id && s.Subject == subject, cancellationToken))
        {
            db.Supports.Add(new RequestSupport(id, subject, time.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added = true;
            }
            catch (DbUpdateException)
            {
                // The same person's second tap won the race: their support is counted once either way.
                db.ChangeTracker.Clear();
            }
        }

        var supporters = await db.Supports.CountAsync(s => s.RequestId == id, cancellationToken);
        return TypedResults.Ok(new SupportView(id, supporters, added));
    }

    internal static string ETagOf(ServiceRequest request) => $"W/\"{request.Version}\"";

    internal static async Task<Dictionary<Guid, string>> CommunityNamesAsync(RequestsDbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Communities.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.NameTh, cancellationToken);
    }
}
