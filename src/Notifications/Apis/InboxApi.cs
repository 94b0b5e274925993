using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

/// <summary>
/// The in-app inbox: each person reads only their own (by the token's subject); staff may also read the
/// shared inbox of their division and the registry's (<c>?mailbox=division|registry</c>).
/// </summary>
public static class InboxApi
{
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/inbox")
            .WithTags("Inbox")
            .RequireAuthorization(Policies.SignedIn);

        api.MapGet("", ListAsync)
            .WithName("ListInbox")
            .WithSummary("The caller's own notifications (or a shared staff inbox), unread first, newest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/unread-count", UnreadCountAsync)
            .WithName("CountUnreadInbox")
            .WithSummary("How many of the caller's notifications are unread.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithName("MarkInboxItemRead")
            .WithSummary("Marks one of the caller's notifications read (again is harmless).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/read-all", MarkAllReadAsync)
            .WithName("MarkInboxRead")
            .WithSummary("Marks every unread notification of the caller's inbox (or a shared staff inbox) read; answers the unread count left.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/stream", Stream)
            .WithName("StreamInbox")
            .WithSummary("Server-sent events: 'notification' for each new entry (id = its id; send Last-Event-ID to resume), 'unread' with the count, 'ping' to keep the line open.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }

    internal static async Task<Results<Ok<InboxPage>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? mailbox = null)
    {
        var result = await inbox.ListAsync(Caller.From(user), mailbox, page, pageSize, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<UnreadCount>, ProblemHttpResult>> UnreadCountAsync(
        ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken, string? mailbox = null)
    {
        var result = await inbox.UnreadCountAsync(Caller.From(user), mailbox, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<InboxItemView>, ProblemHttpResult>> MarkReadAsync(
        Guid id, ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken)
    {
        var result = await inbox.MarkReadAsync(Caller.From(user), id, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<UnreadCount>, ProblemHttpResult>> MarkAllReadAsync(
        ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken, string? mailbox = null)
    {
        var result = await inbox.MarkAllReadAsync(Caller.From(user), mailbox, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static Results<ServerSentEventsResult<object>, ProblemHttpResult> Stream(
        ClaimsPrincipal user, InboxService inbox, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellationToken,
        string? mailbox = null)
    {
        var resumeAfter = Guid.TryParse(lastEventId, out var last) ? last : (Guid?)null;
        var result = inbox.Stream(Caller.From(user), mailbox, resumeAfter, cancellationToken);
        return result.Succeeded ? TypedResults.ServerSentEvents(result.Value!.Events) : result.Refusal!.ToProblem();
    }
}
