using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>The body of <c>POST /api/requests/{id}/reroute</c>.</summary>
public sealed record RerouteRequest(string? Division, string? Reason);

/// <summary>The body of <c>POST /api/requests/{id}/assignment</c>: the officer's sign-in subject, or null to unassign.</summary>
public sealed record AssignmentRequest(string? Officer, string? Note);

/// <summary>The body of <c>POST /api/requests/{id}/notes</c>.</summary>
public sealed record NoteRequest(string? Text);

public sealed record NoteView(Guid Id, string Text, string? AuthorSubject, string? AuthorName, DateTimeOffset At)
{
    public static NoteView From(RequestNote n) => new(n.Id, n.Text, n.AuthorSubject, n.AuthorName, n.At);
}

public sealed record OfficerView(string Subject, string? Name, string Division, DateTimeOffset SeenAt)
{
    public static OfficerView From(Officer o) => new(o.Subject, o.Name, o.DivisionCode, o.SeenAt);
}

/// <summary>Hand-offs between divisions and to officers, the officers' roster, and staff-only notes.</summary>
public static class HandoffsApi
{
    public static IEndpointRouteBuilder MapHandoffsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests/{id:guid}").WithTags("Hand-offs");

        requests.MapPost("/reroute", RerouteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RerouteRequest")
            .WithSummary("Hand the request to another division, with the reason; the new division is told. If-Match checked when sent.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        requests.MapPost("/assignment", AssignAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("AssignRequest")
            .WithSummary("Assign the request to an officer of its division (officer: their sign-in subject; null unassigns); the officer is told.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        requests.MapGet("/notes", NotesAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ListInternalNotes")
            .WithSummary("Staff-only notes on the request, oldest first. Never shown to the public, the submitter, leaders or executives.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapPost("/notes", AddNoteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("AddInternalNote")
            .WithSummary("Write a staff-only note on the request.")
            .Produces<NoteView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var officers = app.MapGroup("/api/requests/officers").WithTags("Hand-offs");

        officers.MapGet("", OfficersAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ListOfficers")
            .WithSummary("The officers of a division (or of all), whom its requests can be assigned to.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        officers.MapPut("/me", JoinAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("JoinOfficers")
            .WithSummary("Join (or refresh) the roster of the division your token names, so that its requests can be assigned to you.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> RerouteAsync(
        Guid id, RerouteRequest body, HttpContext http, ClaimsPrincipal user, RequestHandoffs handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var moved = await handoffs.RerouteAsync(id, body.Division, body.Reason, caller, v => Preconditions.CheckIfMatch(http.Request, v), cancellationToken);
        return Answer(moved, caller, http, time);
    }

    internal static async Task<Results<Ok<RequestView>, ProblemHttpResult>> AssignAsync(
        Guid id, AssignmentRequest body, HttpContext http, ClaimsPrincipal user, RequestHandoffs handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var assigned = await handoffs.AssignAsync(id, body.Officer?.Trim(), body.Note, caller, v => Preconditions.CheckIfMatch(http.Request, v), cancellationToken);
        return Answer(assigned, caller, http, time);
    }

    internal static async Task<Results<Ok<Page<NoteView>>, ProblemHttpResult>> NotesAsync(
        Guid id, ClaimsPrincipal user, InternalNotes notes, CancellationToken cancellationToken)
    {
        var listed = await notes.ListAsync(id, Caller.From(user), cancellationToken);
        return listed.Succeeded
            ? TypedResults.Ok(new Page<NoteView>(listed.Value!.Select(NoteView.From).ToList(), listed.Value!.Count))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<NoteView>, ProblemHttpResult>> AddNoteAsync(
        Guid id, NoteRequest body, ClaimsPrincipal user, InternalNotes notes, CancellationToken cancellationToken)
    {
        var added = await notes.AddAsync(id, body.Text, user.FindFirst(MunicipalClaims.Name)?.Value, Caller.From(user), cancellationToken);
        return added.Succeeded ? TypedResults.Created($"/api/requests/{id}/notes", NoteView.From(added.Value!)) : added.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<OfficerView>>, ProblemHttpResult>> OfficersAsync(
        OfficerRoster roster, CancellationToken cancellationToken, string? division = null)
    {
        var listed = await roster.ListAsync(string.IsNullOrWhiteSpace(division) ? null : division.Trim(), cancellationToken);
        return listed.Succeeded
            ? TypedResults.Ok(new Page<OfficerView>(listed.Value!.Select(OfficerView.From).ToList(), listed.Value!.Count))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<OfficerView>, ProblemHttpResult>> JoinAsync(ClaimsPrincipal user, OfficerRoster roster, CancellationToken cancellationToken)
    {
        var joined = await roster.JoinAsync(Caller.From(user), user.FindFirst(MunicipalClaims.Name)?.Value, cancellationToken);
        return joined.Succeeded ? TypedResults.Ok(OfficerView.From(joined.Value!)) : joined.Refusal!.ToProblem();
    }

    private static Results<Ok<RequestView>, ProblemHttpResult> Answer(Result<RequestDetails> result, Caller caller, HttpContext http, TimeProvider time)
    {
        if (!result.Succeeded)
        {
            return result.Refusal!.ToProblem();
        }

        http.Response.SetETag(result.Value!.Request.Version);
        return TypedResults.Ok(RequestView.From(result.Value, caller, time.GetUtcNow()));
    }
}
