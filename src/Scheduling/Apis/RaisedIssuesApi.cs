using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class RaisedIssuesApi
{
    public static RouteGroupBuilder MapRaisedIssuesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions/{id:guid}/issues").WithTags("Raised issues");

        api.MapGet("", ListAsync)
            .RequireAuthorization(SchedulingPolicies.ReadMinutes)
            .WithName("ListSessionIssues")
            .WithSummary("The problems raised at a session: officials see all, a community leader those of their community.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("", RaiseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RecordSessionIssue")
            .WithSummary("Record a problem a community raised at the session; publishes IssueRaisedAtSession for Requests (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    internal static async Task<Results<Ok<Page<IssueView>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, RaisedIssueService issues, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        var listed = await issues.ListAsync(id, Caller.From(user), paging.Value, cancellationToken);
        return listed.Value is { } raised
            ? TypedResults.Ok(new Page<IssueView>(raised.Items.Select(IssueView.From).ToList(), raised.Total))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<IssueView>, ProblemHttpResult>> RaiseAsync(
        Guid id, IssueSubmission submission, ClaimsPrincipal user, RaisedIssueService issues, CancellationToken cancellationToken)
    {
        var raised = await issues.RaiseAsync(id, submission, Caller.From(user), cancellationToken);
        return raised.Value is { } issue
            ? TypedResults.Created($"/api/scheduling/sessions/{id}/issues/{issue.Id}", IssueView.From(issue))
            : raised.Refusal!.ToProblem();
    }
}
