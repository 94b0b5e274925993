using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Infrastructure;
using Municipal.ThaiCalendar;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

public sealed record PlanPeriodView(Guid Id, int FirstYear, int LastYear, string Title, DateTimeOffset CreatedAt)
{
    public static PlanPeriodView From(PlanPeriod p) => new(p.Id, p.FirstYear, p.LastYear, p.Title, p.CreatedAt);
}

public sealed record PlanRequestView(Guid Id, string Number, string Title, string Category, RequestStatus Status, Guid? CommunityId, string? CommunityName);

public sealed record PlanCommunityView(Guid Id, string? NameTh);

public sealed record ProgressNoteView(DateTimeOffset At, PlanStage Stage, int Percent, string? Note);

public sealed record PlanProjectView(
    Guid Id, Guid PeriodId, string Title, string Strategy, IReadOnlyList<int> FiscalYears, decimal EstimatedBudget,
    PlanStage Stage, int ProgressPercent, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanRequestView> Requests, IReadOnlyList<PlanCommunityView> Communities, IReadOnlyList<ProgressNoteView>? Notes);

public sealed record StageGroupView(PlanStage Stage, int Projects, decimal EstimatedBudget, IReadOnlyList<PlanProjectView> Items);

public sealed record YearReportView(int FiscalYear, int Projects, decimal EstimatedBudget, IReadOnlyList<StageGroupView> Stages);

public sealed record PlanReportView(int? FiscalYear, IReadOnlyList<YearReportView> Years);

/// <summary>The reads of the development plan: periods, projects with the requests and communities behind them, the report by year.</summary>
public sealed class PlanReads(RequestsDbContext db, RequestReads reads)
{
    public async Task<Page<PlanPeriodView>> PeriodsAsync(CancellationToken cancellationToken)
    {
        var items = (await db.PlanPeriods.AsNoTracking().OrderBy(p => p.FirstYear).ToListAsync(cancellationToken)).Select(PlanPeriodView.From).ToList();
        return new Page<PlanPeriodView>(items, items.Count);
    }

    public async Task<Result<Page<PlanProjectView>>> ProjectsAsync(int? fiscalYear, string? stage, Guid? periodId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var errors = new Dictionary<string, FieldError[]>(paging.Refusal?.FieldErrors ?? new Dictionary<string, FieldError[]>());
        PlanStage? parsedStage = null;
        if (stage is not null)
        {
            if (PlanStages.TryParse(stage, out var s))
            {
                parsedStage = s;
            }
            else
            {
                errors["stage"] = [FieldError.NotOneOf(PlanStages.Codes, $"Unknown stage. Use one of: {string.Join(", ", PlanStages.Codes)}.")];
            }
        }

        if (fiscalYear is { } year && CalendarInput.YearProblem(year) is { } yearProblem)
        {
            errors["fiscalYear"] = [yearProblem];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The filter is not valid.");
        }

        var query = ProjectsQuery(fiscalYear, parsedStage, periodId);
        var total = await query.CountAsync(cancellationToken);
        var projects = await paging.Value.Of(query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)).ToListAsync(cancellationToken);
        return new Page<PlanProjectView>(await ViewsAsync(projects, withNotes: false, cancellationToken), total);
    }

    public async Task<Result<PlanProjectView>> ProjectAsync(Guid id, CancellationToken cancellationToken)
    {
        var project = await db.PlanProjects.AsNoTracking().Include(p => p.Years).Include(p => p.Requests).Include(p => p.Notes)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return project is null ? PlanProjects.NoSuchProject : (await ViewsAsync([project], withNotes: true, cancellationToken))[0];
    }

    public async Task<Result<PlanReportView>> ReportAsync(int? fiscalYear, CancellationToken cancellationToken)
    {
        if (CalendarInput.CheckYear("fiscalYear", fiscalYear) is { } wrongYear)
        {
            return wrongYear;
        }

        var projects = await ProjectsQuery(fiscalYear, null, null).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var views = await ViewsAsync(projects, withNotes: false, cancellationToken);
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
        return new PlanReportView(fiscalYear, years);
    }

    private IQueryable<PlanProject> ProjectsQuery(int? fiscalYear, PlanStage? stage, Guid? periodId)
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
    private async Task<List<PlanProjectView>> ViewsAsync(IReadOnlyList<PlanProject> projects, bool withNotes, CancellationToken cancellationToken)
    {
        var requestIds = projects.SelectMany(p => p.Requests.Select(r => r.RequestId)).Distinct().ToList();
        var requests = requestIds.Count == 0
            ? []
            : await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id))
                .Select(r => new { r.Id, r.Number, r.Title, r.Category, r.Status, r.CommunityId })
                .ToDictionaryAsync(r => r.Id, cancellationToken);
        var names = await reads.CommunityNamesAsync(projects.SelectMany(p => p.Requests.Select(r => r.CommunityId)), cancellationToken);
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
                .Select(r => new PlanRequestView(r.Id, r.Number, PersonalData.Mask(r.Title), r.Category, r.Status, r.CommunityId, RequestReads.NameOf(names, r.CommunityId)))
                .ToList(),
            p.Requests.Where(r => r.CommunityId is not null).Select(r => r.CommunityId!.Value).Distinct().OrderBy(c => names.GetValueOrDefault(c)).ThenBy(c => c)
                .Select(c => new PlanCommunityView(c, names.GetValueOrDefault(c))).ToList(),
            withNotes ? notes.GetValueOrDefault(p.Id, []).Select(n => new ProgressNoteView(n.At, n.Stage, n.Percent, n.Note)).ToList() : null))
            .ToList();
    }
}
