using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Handlers;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

public sealed record PlanPeriodRequest(int? FirstYear, string? Title);

public sealed record PlanPeriodView(Guid Id, int FirstYear, int LastYear, string Title, DateTimeOffset CreatedAt)
{
    public static PlanPeriodView From(PlanPeriod p) => new(p.Id, p.FirstYear, p.LastYear, p.Title, p.CreatedAt);
}

public sealed record ProgressRequest(string? Stage, int? Percent, string? Note);

public sealed record PlanRequestView(Guid Id, string Number, string Title, string Category, RequestStatus Status, Guid CommunityId, string? CommunityName);

public sealed record PlanCommunityView(Guid Id, string? NameTh);

public sealed record ProgressNoteView(DateTimeOffset At, PlanStage Stage, int Percent, string? Note);

public sealed record PlanProjectView(
    Guid Id, Guid PeriodId, string Title, string Strategy, IReadOnlyList<int> FiscalYears, decimal EstimatedBudget,
    PlanStage Stage, int ProgressPercent, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanRequestView> Requests, IReadOnlyList<PlanCommunityView> Communities, IReadOnlyList<ProgressNoteView>? Notes);

public sealed record StageGroupView(PlanStage Stage, int Projects, decimal EstimatedBudget, IReadOnlyList<PlanProjectView> Items);

public sealed record YearReportView(int FiscalYear, int Projects, decimal EstimatedBudget, IReadOnlyList<StageGroupView> Stages);

public sealed record PlanReportView(int? FiscalYear, IReadOnlyList<YearReportView> Years);

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

    internal static async Task<Ok<Page<PlanPeriodView>>> ListPeriodsAsync(RequestsDbContext db, CancellationToken cancellationToken)
    {
        var items = (await db.PlanPeriods.AsNoTracking().OrderBy(p => p.FirstYear).ToListAsync(cancellationToken)).Select(PlanPeriodView.From).ToList();
        return TypedResults.Ok(new Page<PlanPeriodView>(items, items.Count));
    }

    internal static async Task<Results<Created<PlanPeriodView>, ProblemHttpResult>> CreatePeriodAsync(
        PlanPeriodRequest body, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.FirstYear is not { } first || !FiscalYear.IsPlausible(first) || !FiscalYear.IsPlausible(first + PlanPeriod.Years - 1))
        {
            errors["firstYear"] = [$"The plan's first fiscal year, in B.E. (e.g. 2566 for the plan 2566–2570)."];
        }

        if (body.Title is { Length: > PlanPeriod.TitleMaxLength })
        {
            errors["title"] = [$"The title may have at most {PlanPeriod.TitleMaxLength} characters."];
        }

        if (errors.Count > 0)
        {
            return ApiSupport.Invalid(errors, "The plan period is not valid.");
        }

        var firstYear = body.FirstYear!.Value;
        var periods = await db.PlanPeriods.AsNoTracking().ToListAsync(cancellationToken);
        if (periods.FirstOrDefault(p => p.Overlaps(firstYear)) is { } clash)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "The plan periods would overlap.",
                $"{clash.Title} already covers {clash.FirstYear}–{clash.LastYear}.");
        }

        var period = PlanPeriod.Create(firstYear, body.Title, time.GetUtcNow());
        db.PlanPeriods.Add(period);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "The plan periods would overlap.", $"A plan starting in {firstYear} was created meanwhile.");
        }

        return TypedResults.Created($"/api/requests/plan/periods/{period.Id}", PlanPeriodView.From(period));
    }

    internal static async Task<Results<Ok<Page<PlanProjectView>>, ProblemHttpResult>> ListProjectsAsync(
        RequestsDbContext db, CancellationToken cancellationToken,
        int? fiscalYear = null, string? stage = null, Guid? periodId = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize, out var errors);
        PlanStage? parsedStage = null;
        if (stage is not null)
        {
            if (PlanStages.TryParse(stage, out var s))
            {
                parsedStage = s;
            }
            else
            {
                errors["stage"] = [$"Unknown stage. Use one of: {string.Join(", ", PlanStages.Codes)}."];
            }
        }

        if (fiscalYear is { } year && !FiscalYear.IsPlausible(year))
        {
            errors["fiscalYear"] = [$"A fiscal year is a Buddhist Era year from {FiscalYear.Earliest} to {FiscalYear.Latest}."];
        }

        if (errors.Count > 0)
        {
            return ApiSupport.Invalid(errors, "The filter is not valid.");
        }

        var query = ProjectsQuery(db, fiscalYear, parsedStage, periodId);
        var total = await query.CountAsync(cancellationToken);
        var projects = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var items = await ViewsAsync(db, projects, withNotes: false, cancellationToken);
        return TypedResults.Ok(new Page<PlanProjectView>(items, total));
    }

    internal static async Task<Results<Ok<PlanProjectView>, ProblemHttpResult>> GetProjectAsync(Guid id, RequestsDbContext db, CancellationToken cancellationToken)
    {
        var project = await db.PlanProjects.AsNoTracking().Include(p => p.Years).Include(p => p.Requests).Include(p => p.Notes)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return ApiSupport.NotFound("No such plan project.");
        }

        return TypedResults.Ok((await ViewsAsync(db, [project], withNotes: true, cancellationToken))[0]);
    }

    internal static async Task<Results<Created<PlanProjectView>, ProblemHttpResult>> ProposeProjectAsync(
        ProjectProposal body, ClaimsPrincipal user, RequestsDbContext db, PlanProjects plan, CancellationToken cancellationToken)
    {
        var (project, outcome) = await plan.ProposeAsync(body, user.ToActor(), cancellationToken);
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
        catch (DbUpdateException)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "A request is already in another plan project.",
                "A request is answered by one project at most.");
        }

        var view = (await ViewsAsync(db, [project!], withNotes: true, cancellationToken))[0];
        return TypedResults.Created($"/api/requests/plan/projects/{project!.Id}", view);
    }

    internal static async Task<Results<Ok<PlanProjectView>, ProblemHttpResult>> ProgressAsync(
        Guid id, ProgressRequest body, ClaimsPrincipal user, RequestsDbContext db, PlanProjects plan, CancellationToken cancellationToken)
    {
        PlanStage? stage = null;
        if (body.Stage is not null)
        {
            if (!PlanStages.TryParse(body.Stage, out var parsed))
            {
                return ApiSupport.Invalid("stage", $"Unknown stage. Use one of: {string.Join(", ", PlanStages.Codes)}.");
            }

            stage = parsed;
        }

        var (project, outcome) = await plan.ProgressAsync(id, new ProgressReport(stage, body.Percent, body.Note), user.ToActor(), cancellationToken);
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
            return ApiSupport.ConcurrentChange("plan project");
        }

        var saved = await db.PlanProjects.AsNoTracking().Include(p => p.Years).Include(p => p.Requests).Include(p => p.Notes)
            .AsSplitQuery().FirstAsync(p => p.Id == project!.Id, cancellationToken);
        return TypedResults.Ok((await ViewsAsync(db, [saved], withNotes: true, cancellationToken))[0]);
    }

    internal static async Task<Results<Ok<PlanReportView>, ProblemHttpResult>> ReportAsync(
        RequestsDbContext db, CancellationToken cancellationToken, int? fiscalYear = null)
    {
        if (fiscalYear is { } year && !FiscalYear.IsPlausible(year))
        {
            return ApiSupport.Invalid("fiscalYear", $"A fiscal year is a Buddhist Era year from {FiscalYear.Earliest} to {FiscalYear.Latest}, e.g. 2570.");
        }

        var projects = await ProjectsQuery(db, fiscalYear, null, null).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var views = await ViewsAsync(db, projects, withNotes: false, cancellationToken);
        var years = views
            .SelectMany(v => v.FiscalYears.Where(y => fiscalYear is null || y == fiscalYear).Select(y => (Year: y, Project: v)))
            .GroupBy(x => x.Year)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var stages = g.GroupBy(x => x.Project.Stage).OrderBy(s => s.Key)
                    .Select(s => new StageGroupView(s.Key, s.Count(), s.Sum(x => x.Project.EstimatedBudget), s.Select(x => x.Project).ToList()))
                    .ToList();
                return new YearReportView(g.Key, g.Count(), g.Sum(x => x.Project.EstimatedBudget), stages);
            })
            .ToList();
        return TypedResults.Ok(new PlanReportView(fiscalYear, years));
    }

    private static IQueryable<PlanProject> ProjectsQuery(RequestsDbContext db, int? fiscalYear, PlanStage? stage, Guid? periodId)
    {
        var query = db.PlanProjects.AsNoTracking().Include(p => p.Years).Include(p => p.Requests).AsSplitQuery();
        if (fiscalYear is { } year)
        {
            query = query.Where(p => p.Years.Any(y => y.FiscalYear == year));
        }

        if (stage is { } s)
        {
            query = query.Where(p => p.Stage == s);
        }

        if (periodId is { } period)
        {
            query = query.Where(p => p.PeriodId == period);
        }

        return query;
    }

    /// <summary>Projects with the requests behind them (titles masked: these views are for any signed-in reader).</summary>
    private static async Task<List<PlanProjectView>> ViewsAsync(RequestsDbContext db, IReadOnlyList<PlanProject> projects, bool withNotes, CancellationToken cancellationToken)
    {
        var requestIds = projects.SelectMany(p => p.Requests.Select(r => r.RequestId)).Distinct().ToList();
        var requests = requestIds.Count == 0
            ? []
            : await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id))
                .Select(r => new { r.Id, r.Number, r.Title, r.Category, r.Status, r.CommunityId })
                .ToDictionaryAsync(r => r.Id, cancellationToken);
        var names = await RequestsApi.CommunityNamesAsync(db, projects.SelectMany(p => p.Requests.Select(r => r.CommunityId)), cancellationToken);
        Dictionary<Guid, List<PlanProgressNote>> notes = [];
        if (withNotes)
        {
            var ids = projects.Select(p => p.Id).ToList();
            notes = (await db.PlanProgressNotes.AsNoTracking().Where(n => ids.Contains(n.ProjectId)).ToListAsync(cancellationToken))
                .GroupBy(n => n.ProjectId).ToDictionary(g => g.Key, g => g.OrderBy(n => n.At).ThenBy(n => n.Id).ToList());
        }

        return projects.Select(p => new PlanProjectView(
            p.Id, p.PeriodId, p.Title, p.Strategy, p.Years.Select(y => y.FiscalYear).Order().ToList(), Money.ToBaht(p.EstimatedBudgetSatang),
            p.Stage, p.ProgressPercent, p.CreatedAt, p.UpdatedAt,
            p.Requests.OrderBy(r => r.AttachedAt).ThenBy(r => r.RequestId)
                .Where(r => requests.ContainsKey(r.RequestId))
                .Select(r => requests[r.RequestId])
                .Select(r => new PlanRequestView(r.Id, r.Number, PersonalData.Mask(r.Title), r.Category, r.Status, r.CommunityId, names.GetValueOrDefault(r.CommunityId)))
                .ToList(),
            p.Requests.Select(r => r.CommunityId).Distinct().OrderBy(c => names.GetValueOrDefault(c)).ThenBy(c => c)
                .Select(c => new PlanCommunityView(c, names.GetValueOrDefault(c))).ToList(),
            withNotes ? notes.GetValueOrDefault(p.Id, []).Select(n => new ProgressNoteView(n.At, n.Stage, n.Percent, n.Note)).ToList() : null))
            .ToList();
    }
}
