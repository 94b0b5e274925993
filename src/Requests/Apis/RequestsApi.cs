using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.ServiceDefaults.Problems;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;

namespace Municipal.Requests.Apis;

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

/// <summary>What submitting needs besides the body: the one use case, the idempotent flow, and how answers are written.</summary>
public sealed record SubmitServices(RequestIntake Intake, IdempotentCreates<Infrastructure.RequestsDbContext> Creates, IOptions<JsonOptions> Json, TimeProvider Time);

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests").WithTags("Requests");

        api.MapPost("", SubmitAsync)
            .RequireAuthorization(RequestPolicies.Submit)
            .WithName("SubmitRequest")
            .WithSummary("Submit a problem or need of a community. An Idempotency-Key header makes retries safe.")
            .Produces<RequestView>(StatusCodes.Status201Created)
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

    internal static async Task<IResult> SubmitAsync(
        RequestSubmission submission, HttpRequest http, ClaimsPrincipal user, [AsParameters] SubmitServices services, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var json = services.Json.Value.SerializerOptions;
        // The fingerprint of what was asked is needed only under an Idempotency-Key: most submissions carry none.
        var canonical = http.Headers.ContainsKey(IdempotencyKey.Header) ? "api:" + JsonSerializer.Serialize(submission, json) : "";
        var key = IdempotencyKey.Read(http, caller.Subject ?? "", canonical);
        if (!key.Succeeded)
        {
            return key.Refusal!.ToProblem();
        }

        return await services.Creates.RunAsync(key.Value,
            token => services.Intake.SubmitAsync(submission, caller, token),
            details => new StoredAnswer(StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(RequestView.From(details, caller, services.Time.GetUtcNow(), withPhone: true), json), // the taker typed it
                $"/api/requests/{details.Request.Id}", details.Request.Id),
            refusal => Explained(refusal, user, submission.CommunityId).ToProblem(),
            cancellationToken);
    }

    /// <summary>
    /// A leader refused for a community their token names but the registry does not show them leading today: said as
    /// such (<c>leadership: unconfirmed</c>), so the web client can tell one appointed a moment ago to try again shortly.
    /// </summary>
    private static Refusal Explained(Refusal refusal, ClaimsPrincipal user, Guid? communityId) =>
        refusal.Kind == RequestsProblems.NotYourCommunity && RegistryLeaderClaims.IsUnconfirmedLeaderOf(user, communityId)
            ? refusal.With("leadership", "unconfirmed")
            : refusal;

    internal static async Task<Results<Ok<Page<RequestView>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RequestFilter filter, ClaimsPrincipal user, RequestReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var listed = await reads.ListAsync(filter, caller, cancellationToken);
        if (!listed.Succeeded)
        {
            return listed.Refusal!.ToProblem();
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(new Page<RequestView>(listed.Value!.Items.Select(d => RequestView.From(d, caller, now)).ToList(), listed.Value.Total));
    }

    internal static async Task<Results<Ok<Page<PublicRequestView>>, ProblemHttpResult>> ListPublicAsync(
        RequestReads reads, CancellationToken cancellationToken,
        Guid? community = null, string? category = null, string? status = null, int? fiscalYear = null,
        double? latitude = null, double? longitude = null, int? radius = null, int? page = null, int? pageSize = null)
    {
        var filter = new RequestFilter { Community = community, Category = category, Status = status, FiscalYear = fiscalYear, Page = page, PageSize = pageSize };
        var listed = await reads.ListPublicAsync(filter, new NearQuery(latitude, longitude, radius), cancellationToken);
        if (!listed.Succeeded)
        {
            return listed.Refusal!.ToProblem();
        }

        var items = listed.Value!.Items.Select(d => PublicRequestView.From(d.Request, d.Supporters, d.CommunityName)).ToList();
        return TypedResults.Ok(new Page<PublicRequestView>(items, listed.Value.Total));
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpResponse response, ClaimsPrincipal user, RequestReads reads, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var found = await reads.GetAsync(id, caller, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Refusal!.ToProblem();
        }

        response.SetETag(found.Value!.Request.Version);
        return TypedResults.Ok(RequestView.From(found.Value, caller, time.GetUtcNow(), withPhone: true)); // the read is logged
    }

    internal static async Task<Results<Ok<Page<HistoryView>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ClaimsPrincipal user, RequestReads reads, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var history = await reads.HistoryAsync(id, caller, cancellationToken);
        if (!history.Succeeded)
        {
            return history.Refusal!.ToProblem();
        }

        var items = history.Value!.Select(h => HistoryView.Of(h, caller.IsOfficial)).ToList();
        return TypedResults.Ok(new Page<HistoryView>(items, items.Count));
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> TransitionAsync(
        Guid id, TransitionRequest body, HttpContext http, ClaimsPrincipal user, RequestTransitions transitions, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!RequestStatuses.TryParse(body.To, out var to))
        {
            return Refusal.Invalid("to", FieldError.NotOneOf(RequestStatuses.Codes, $"Name the state to move to: one of {string.Join(", ", RequestStatuses.Codes)}.")).ToProblem();
        }

        var caller = Caller.From(user);
        var command = new TransitionCommand(to, body.Note, string.IsNullOrWhiteSpace(body.Division) ? null : body.Division.Trim(), body.DuplicateOf, body.ProjectId);
        var moved = await transitions.TransitionAsync(id, command, caller, version => Preconditions.CheckIfMatch(http.Request, version), cancellationToken);
        if (!moved.Succeeded)
        {
            return moved.Refusal!.ToProblem();
        }

        http.Response.SetETag(moved.Value!.Request.Version);
        return TypedResults.Ok(RequestView.From(moved.Value, caller, time.GetUtcNow()));
    }

    internal static async Task<Results<Ok<SupportView>, ProblemHttpResult>> SupportAsync(
        Guid id, ClaimsPrincipal user, RequestSupports supports, CancellationToken cancellationToken)
    {
        var supported = await supports.SupportAsync(id, Caller.From(user), cancellationToken);
        return supported.Succeeded ? TypedResults.Ok(supported.Value!) : supported.Refusal!.ToProblem();
    }
}
