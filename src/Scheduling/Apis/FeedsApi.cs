using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text;

namespace Municipal.Scheduling.Apis;

public static class FeedsApi
{
    public static RouteGroupBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/feeds").WithTags("Calendar feeds");

        api.MapPost("", IssueAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("IssueCalendarFeed")
            .WithSummary("A new secret address for the caller's calendar feed; the previous address stops working.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{secret}.ics", FeedAsync)
            .AllowAnonymous()
            .WithName("GetCalendarFeed")
            .WithSummary("A person's sessions as an iCalendar feed, at the secret address: confirmed, waitlisted (tentative) and cancelled sessions.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Created<FeedView>, ProblemHttpResult>> IssueAsync(
        ClaimsPrincipal user, FeedService feeds, CancellationToken cancellationToken)
    {
        var issued = await feeds.IssueAsync(Caller.From(user), cancellationToken);
        return issued.Value is { } path ? TypedResults.Created(path, new FeedView(path)) : issued.Refusal!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FeedAsync(
        string secret, FeedService feeds, CancellationToken cancellationToken)
    {
        var feed = await feeds.FeedAsync(secret, cancellationToken);
        return feed.Value is { } file
            ? TypedResults.File(Encoding.UTF8.GetBytes(file.Ics), Calendars.ContentType, file.FileName)
            : feed.Refusal!.ToProblem();
    }
}
