using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain.Plan;
using Municipal.ServiceDefaults.Problems;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

public sealed record ProgressRequest(string? Stage = null, int? Percent = null, string? Note = null);

public static class PlanApi
{
    public static RouteGroupBuilder MapPlanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/plan").WithTags("Development plan");

        api.MapGet("/periods", ListPeriodsAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("ListPlanPeriods")
            .WithSummary("The local development plans, five fiscal years each.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPost("/periods", CreatePeriodAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("CreatePlanPeriod")
            .WithSummary("Open a local development plan for five fiscal years from firstYear (B.E.).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/projects", ListProjectsAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("ListPlanProjects")
            .WithSummary("Plan projects with the requests and communities behind them; filter by fiscal year, stage or period.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/projects/{id:guid}", GetProjectAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPlanProject")
            .WithSummary("One plan project with its dated progress notes.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/projects", ProposeProjectAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ProposePlanProject")
            .WithSummary("Propose a plan project, answering requests that need budget (they become proposed-for-plan).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/projects/{id:guid}/progress", ProgressAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ReportPlanProjectProgress")
            .WithSummary("Record a project's new stage or progress with a dated note; the communities behind it are told.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/report", ReportAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPlanReport")
            .WithSummary("Plan projects by fiscal year and stage, with the requests and communities behind each.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return api;
    }

    internal static async Task<Ok<Page<PlanPeriodView>>> ListPeriodsAsync(PlanReads plan, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plan.PeriodsAsync(cancellationToken));

    internal static async Task<Results<Created<PlanPeriodView>, ProblemHttpResult>> CreatePeriodAsync(
        PlanPeriodRequest body, PlanPeriods periods, CancellationToken cancellationToken)
    {
        var created = await periods.CreateAsync(body, cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/requests/plan/periods/{created.Value!.Id}", PlanPeriodView.From(created.Value))
            : created.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<PlanProjectView>>, ProblemHttpResult>> ListProjectsAsync(
        PlanReads plan, CancellationToken cancellationToken,
        int? fiscalYear = null, string? stage = null, Guid? periodId = null, int? page = null, int? pageSize = null)
    {
        var listed = await plan.ProjectsAsync(fiscalYear, stage, periodId, page, pageSize, cancellationToken);
        return listed.Succeeded ? TypedResults.Ok(listed.Value!) : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<PlanProjectView>, ProblemHttpResult>> GetProjectAsync(Guid id, PlanReads plan, CancellationToken cancellationToken)
    {
        var found = await plan.ProjectAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value!) : found.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<PlanProjectView>, ProblemHttpResult>> ProposeProjectAsync(
        ProjectProposal body, ClaimsPrincipal user, PlanProjects plan, PlanReads reads, CancellationToken cancellationToken)
    {
        var proposed = await plan.ProposeAsync(body, Caller.From(user), cancellationToken);
        if (!proposed.Succeeded)
        {
            return proposed.Refusal!.ToProblem();
        }

        var view = await reads.ProjectAsync(proposed.Value!.Id, cancellationToken);
        return TypedResults.Created($"/api/requests/plan/projects/{proposed.Value.Id}", view.Value!);
    }

    internal static async Task<Results<Ok<PlanProjectView>, ProblemHttpResult>> ProgressAsync(
        Guid id, ProgressRequest body, ClaimsPrincipal user, PlanProjects plan, PlanReads reads, CancellationToken cancellationToken)
    {
        PlanStage? stage = null;
        if (body.Stage is not null)
        {
            if (!PlanStages.TryParse(body.Stage, out var parsed))
            {
                return Refusal.Invalid("stage", FieldError.NotOneOf(PlanStages.Codes, $"Unknown stage. Use one of: {string.Join(", ", PlanStages.Codes)}.")).ToProblem();
            }

            stage = parsed;
        }

        var progressed = await plan.ProgressAsync(id, new ProgressReport(stage, body.Percent, body.Note), Caller.From(user), cancellationToken);
        if (!progressed.Succeeded)
        {
            return progressed.Refusal!.ToProblem();
        }

        var view = await reads.ProjectAsync(progressed.Value!.Id, cancellationToken);
        return TypedResults.Ok(view.Value!);
    }

    internal static async Task<Results<Ok<PlanReportView>, ProblemHttpResult>> ReportAsync(
        PlanReads plan, CancellationToken cancellationToken, int? fiscalYear = null)
    {
        var report = await plan.ReportAsync(fiscalYear, cancellationToken);
        return report.Succeeded ? TypedResults.Ok(report.Value!) : report.Refusal!.ToProblem();
    }
}
