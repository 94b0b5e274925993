using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>The body of <c>POST /api/requests/{id}/feedback</c>.</summary>
public sealed record FeedbackRequest
{
    /// <summary>Was the problem really fixed? <c>false</c> reopens the request.</summary>
    public bool? Fixed { get; init; }

    /// <summary>1 (poor) to 5 (very good), or null.</summary>
    public int? Rating { get; init; }

    public string? Comment { get; init; }

    /// <summary>The resolution answered about (the request's <c>feedback.round</c>); the current one when absent.</summary>
    public int? Round { get; init; }

    /// <summary>The answer's own id, so that sending it again is harmless; made up by the service when absent.</summary>
    public Guid? FeedbackId { get; init; }
}

/// <summary>An answer about the fix as the submitter and staff see it.</summary>
public sealed record FeedbackView(Guid Id, int Round, bool Fixed, int? Rating, string? Comment, string Channel, DateTimeOffset GivenAt, bool Reopened)
{
    public static FeedbackView From(RequestFeedback f) => new(f.Id, f.Round, f.Fixed, f.Rating, f.Comment, f.Channel, f.GivenAt, f.Reopened);
}

public static class FeedbackApi
{
    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/{id:guid}/feedback").WithTags("Proof of the fix");

        api.MapPost("", GiveAsync)
            .RequireAuthorization(Municipal.ServiceDefaults.Policies.SignedIn)
            .WithName("GiveRequestFeedback")
            .WithSummary("The submitter says whether the resolved request was really fixed, with a 1–5 rating; not fixed reopens it. "
                + "Staff record the answer of a resident who phoned the request in and answers by phone (channel phone).")
            .Produces<FeedbackView>(StatusCodes.Status201Created)
            .Produces<FeedbackView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Results<Created<FeedbackView>, Ok<FeedbackView>, ProblemHttpResult>> GiveAsync(
        Guid id, FeedbackRequest body, ClaimsPrincipal user, RequestFeedbacks feedbacks, TimeProvider time, CancellationToken cancellationToken)
    {
        var answer = new FeedbackAnswer(body.FeedbackId ?? Guid.CreateVersion7(time.GetUtcNow()), body.Round, body.Fixed, body.Rating, body.Comment,
            FeedbackRules.WebChannel, time.GetUtcNow());
        var given = await feedbacks.GiveAsync(id, answer, Caller.From(user), cancellationToken);
        if (!given.Succeeded)
        {
            return given.Refusal!.ToProblem();
        }

        var view = FeedbackView.From(given.Value!.Feedback);
        return given.Value.Replayed ? TypedResults.Ok(view) : TypedResults.Created($"/api/requests/{id}", view);
    }
}
