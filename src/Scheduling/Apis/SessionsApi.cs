using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling.Apis;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions").WithTags("Sessions");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListSessions")
            .WithSummary("The public schedule: sessions by start time; ?programmeId=, ?from=/?to= (yyyy-MM-dd, Bangkok), ?lang=th|en.")
            .ProducesValidationProblem();

        api.MapPost("", CreateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ScheduleSession")
            .WithSummary("Schedule a session of a programme; times in Bangkok time unless they carry an offset (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetSession")
            .WithSummary("One session, with its ETag (the version to send back in If-Match).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("UpdateSession")
            .WithSummary("Change a session: time, venue, capacity, title, agenda; If-Match with its ETag is required. A move publishes SessionRescheduled (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapPost("/{id:guid}/cancel", CancelAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CancelSession")
            .WithSummary("Cancel a session; its registrants are told and no reminders go out. If-Match, when sent, must be current (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapPost("/{id:guid}/close", CloseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CloseSession")
            .WithSummary("Close a session that took place: head count (default: those checked in) and minutes. If-Match, when sent, must be current (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }

    public sealed record CancelRequest(string? Reason = null);

    public sealed record CloseRequest(int? AttendeeCount = null, string? Minutes = null);

    internal static async Task<Results<Ok<Page<SessionView>>, ProblemHttpResult>> ListAsync(
        HttpContext http, SessionQueries queries, CancellationToken cancellationToken,
        Guid? programmeId = null, string? from = null, string? to = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        var listed = await queries.ListAsync(programmeId, from, to, paging.Value, cancellationToken);
        if (listed.Value is not { } sessions)
        {
            return listed.Refusal!.ToProblem();
        }

        var language = http.Language();
        var viewer = Caller.From(http.User);
        return TypedResults.Ok(new Page<SessionView>(sessions.Items.Select(s => SessionView.From(s, language, viewer)).ToList(), sessions.Total));
    }

    internal static async Task<Results<Created<SessionView>, ProblemHttpResult>> CreateAsync(
        SessionInput input, HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        var scheduled = await sessions.ScheduleAsync(input, cancellationToken);
        if (scheduled.Value is not { } session)
        {
            return scheduled.Refusal!.ToProblem();
        }

        http.Response.SetETag(session.Session.Version);
        return TypedResults.Created($"/api/scheduling/sessions/{session.Session.Id}", SessionView.From(session, http.Language(), Caller.From(http.User)));
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, SessionQueries queries, CancellationToken cancellationToken)
    {
        var found = await queries.GetAsync(id, cancellationToken);
        if (found.Value is not { } session)
        {
            return found.Refusal!.ToProblem();
        }

        http.Response.SetETag(session.Session.Version);
        return TypedResults.Ok(SessionView.From(session, http.Language(), Caller.From(http.User)));
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> UpdateAsync(
        Guid id, SessionInput input, HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        var updated = await sessions.UpdateAsync(id, input, version => Preconditions.RequireIfMatch(http.Request, version), cancellationToken);
        if (updated.Value is not { } session)
        {
            return updated.Refusal!.ToProblem();
        }

        http.Response.SetETag(session.Session.Version);
        return TypedResults.Ok(SessionView.From(session, http.Language(), Caller.From(http.User)));
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelRequest? request, HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        var cancelled = await sessions.CancelAsync(id, request?.Reason, version => Preconditions.CheckIfMatch(http.Request, version), cancellationToken);
        return cancelled.Value is { } session ? TypedResults.Ok(SessionView.From(session, http.Language(), Caller.From(http.User))) : cancelled.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CloseAsync(
        Guid id, CloseRequest? request, HttpContext http, SessionService sessions, CancellationToken cancellationToken)
    {
        var closed = await sessions.CloseAsync(
            id, request?.AttendeeCount, request?.Minutes, version => Preconditions.CheckIfMatch(http.Request, version), cancellationToken);
        return closed.Value is { } session ? TypedResults.Ok(SessionView.From(session, http.Language(), Caller.From(http.User))) : closed.Refusal!.ToProblem();
    }
}
