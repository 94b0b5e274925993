using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Infrastructure;
using Municipal.ThaiCalendar;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>What <c>POST /api/requests/plan/projects</c> asks for.</summary>
public sealed record ProjectProposal
{
    /// <summary>The plan period; by default the one that holds the fiscal years.</summary>
    public Guid? PeriodId { get; init; }
    public string? Title { get; init; }
    public string? Strategy { get; init; }

    /// <summary>B.E. fiscal years, e.g. [2570].</summary>
    public IReadOnlyList<int>? FiscalYears { get; init; }

    /// <summary>Estimated budget in baht (at most two decimals).</summary>
    public decimal? EstimatedBudget { get; init; }

    /// <summary>Requests that need budget and that this project answers.</summary>
    public IReadOnlyList<Guid>? RequestIds { get; init; }

    public Dictionary<string, FieldError[]> Validate(out long satang)
    {
        var errors = new Dictionary<string, FieldError[]>();
        satang = 0;
        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = [FieldError.Required("A project needs a title.")];
        }
        else if (Title.Trim().Length > PlanProject.TitleMaxLength)
        {
            errors["title"] = [FieldError.TooLong(PlanProject.TitleMaxLength, $"The title may have at most {PlanProject.TitleMaxLength} characters.")];
        }

        if (string.IsNullOrWhiteSpace(Strategy))
        {
            errors["strategy"] = [FieldError.Required("Name the plan's development strategy the project belongs to.")];
        }
        else if (Strategy.Trim().Length > PlanProject.StrategyMaxLength)
        {
            errors["strategy"] = [FieldError.TooLong(PlanProject.StrategyMaxLength, $"The strategy may have at most {PlanProject.StrategyMaxLength} characters.")];
        }

        if (FiscalYears is not { Count: > 0 })
        {
            errors["fiscalYears"] = [FieldError.Required("Give the fiscal year(s) (B.E.) the project is planned for, e.g. [2570].")];
        }
        else if (FiscalYears.Select(CalendarInput.YearProblem).FirstOrDefault(p => p is not null) is { } yearProblem)
        {
            errors["fiscalYears"] = [yearProblem];
        }

        if (EstimatedBudget is not { } budget || !Money.TryToSatang(budget, out satang))
        {
            errors["estimatedBudget"] = [FieldError.BadFormat(FieldFormats.Money, $"The estimated budget is an amount in baht from 0 to {Money.MaxBaht:N0}, with at most two decimals.")
                .With("max", Money.MaxBaht)];
        }

        if (RequestIds is { Count: > 100 })
        {
            errors["requestIds"] = [FieldError.TooLong(100, "A project answers at most 100 requests at once.").With("items", true)];
        }

        return errors;
    }
}

/// <summary>Proposes plan projects for requests that need budget, and records their progress.</summary>
public sealed class PlanProjects(RequestsDbContext db, RequestTransitions transitions, TimeProvider time)
{
    /// <summary>A new project, saved with the moves of the requests it answers: all of them, or nothing.</summary>
    public async Task<Result<PlanProject>> ProposeAsync(ProjectProposal proposal, Caller actor, CancellationToken cancellationToken)
    {
        var proposed = await AddAsync(proposal, actor, cancellationToken);
        if (!proposed.Succeeded)
        {
            return proposed;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RequestTransitions.ChangedMeanwhile("request");
        }
        catch (DbUpdateException)
        {
            return Refusal.Of(RequestsProblems.RequestInAnotherProject, detail: "A request is answered by one project at most.");
        }

        return proposed;
    }

    private async Task<Result<PlanProject>> AddAsync(ProjectProposal proposal, Caller actor, CancellationToken cancellationToken)
    {
        var errors = proposal.Validate(out var satang);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The project is not valid.");
        }

        var years = proposal.FiscalYears!.Distinct().Order().ToList();
        PlanPeriod? period;
        if (proposal.PeriodId is { } periodId)
        {
            period = await db.PlanPeriods.FirstOrDefaultAsync(p => p.Id == periodId, cancellationToken);
            if (period is null)
            {
                return Refusal.Of(RequestsProblems.UnknownReference, "Unknown plan period.", $"No plan period {periodId}.").With("field", "periodId");
            }
        }
        else
        {
            var first = years[0];
            var last = years[^1];
            period = await db.PlanPeriods.FirstOrDefaultAsync(p => p.FirstYear <= first && p.LastYear >= last, cancellationToken);
            if (period is null)
            {
                var periods = await db.PlanPeriods.AsNoTracking().OrderBy(p => p.FirstYear).Select(p => new { p.FirstYear, p.LastYear }).ToListAsync(cancellationToken);
                return Refusal.Of(RequestsProblems.OutsidePlanPeriod, "No plan period holds these fiscal years.",
                        $"Create the plan period first (POST /api/requests/plan/periods) for {string.Join(", ", years)}.")
                    .With("fiscalYears", years).With("noPeriod", true).With("periods", periods);
            }
        }

        if (years.Any(y => !period.Contains(y)))
        {
            return Refusal.Of(RequestsProblems.OutsidePlanPeriod, "The fiscal years lie outside the plan period.",
                    $"The period runs from {period.FirstYear} to {period.LastYear}.")
                .With("fiscalYears", years).With("noPeriod", false).With("periods", new[] { new { period.FirstYear, period.LastYear } });
        }

        var now = time.GetUtcNow();
        var project = PlanProject.Propose(period, proposal.Title!, proposal.Strategy!, years, satang, actor, now);
        db.PlanProjects.Add(project);
        foreach (var requestId in (proposal.RequestIds ?? []).Distinct())
        {
            var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
            if (request is null || !RequestAccess.CanSee(actor, request))
            {
                return Refusal.Of(RequestsProblems.UnknownReference, "Unknown request.", $"No request {requestId}.").With("field", "requestIds");
            }

            var moved = await transitions.ApplyAsync(request,
                new TransitionCommand(RequestStatus.ProposedForPlan, $"เสนอเข้าแผนพัฒนาท้องถิ่น: {project.Title}", ProjectId: project.Id),
                actor, RequestAccess.PartyOf(actor, request), cancellationToken, project);
            if (!moved.Succeeded)
            {
                return moved.Refusal!.With("requestId", request.Id).With("requestNumber", request.Number);
            }
        }

        return project;
    }

    /// <summary>
    /// Records a stage or progress change. When the project starts, the requests it answers are in progress;
    /// when it is done, they are resolved. <c>PlanProjectProgressed</c> tells the communities behind it.
    /// </summary>
    public async Task<Result<PlanProject>> ProgressAsync(Guid projectId, ProgressReport report, Caller actor, CancellationToken cancellationToken)
    {
        var errors = report.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The progress report is not valid.");
        }

        var project = await db.PlanProjects.Include(p => p.Requests).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null)
        {
            return NoSuchProject;
        }

        if (project.Refuse(report) is { } reason)
        {
            return Refusal.Of(RequestsProblems.ProgressRefused, detail: reason);
        }

        var stageBefore = project.Stage;
        var now = time.GetUtcNow();
        var note = project.Progress(report, actor, now);
        db.PlanProgressNotes.Add(note);

        var requestIds = project.Requests.Select(r => r.RequestId).ToList();
        if (project.Stage != stageBefore && project.Stage is PlanStage.InProgress or PlanStage.Done)
        {
            var (to, from, text) = project.Stage == PlanStage.InProgress
                ? (RequestStatus.InProgress, new[] { RequestStatus.ProposedForPlan }, $"โครงการ {project.Title} เริ่มดำเนินการ")
                : (RequestStatus.Resolved, new[] { RequestStatus.ProposedForPlan, RequestStatus.InProgress }, $"โครงการ {project.Title} ดำเนินการแล้วเสร็จ");
            var requests = await db.Requests.Where(r => requestIds.Contains(r.Id) && from.Contains(r.Status)).ToListAsync(cancellationToken);
            foreach (var request in requests)
            {
                var moved = await transitions.ApplyAsync(request, new TransitionCommand(to, text), actor, Party.System, cancellationToken);
                if (!moved.Succeeded)
                {
                    return moved.Refusal!;
                }
            }
        }

        db.EnqueueEvent(new PlanProjectProgressed
        {
            ProjectId = project.Id,
            Title = project.Title,
            Stage = project.Stage.ToCode(),
            ProgressPercent = project.ProgressPercent,
            Note = note.Note,
            CommunityIds = project.Requests.Where(r => r.CommunityId is not null).Select(r => r.CommunityId!.Value).Distinct().Order().ToList(),
            RequestIds = requestIds,
            OccurredAt = now,
        }, time);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RequestTransitions.ChangedMeanwhile("plan project");
        }

        return project;
    }

    public static Refusal NoSuchProject => Refusal.NotFound("No such plan project.");
}
