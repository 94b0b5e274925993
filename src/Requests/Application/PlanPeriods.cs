using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Infrastructure;
using Municipal.ThaiCalendar;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>What <c>POST /api/requests/plan/periods</c> asks for.</summary>
public sealed record PlanPeriodRequest(int? FirstYear, string? Title = null);

/// <summary>Opens local development plans: five fiscal years each, never overlapping.</summary>
public sealed class PlanPeriods(RequestsDbContext db, TimeProvider time)
{
    public async Task<Result<PlanPeriod>> CreateAsync(PlanPeriodRequest body, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, FieldError[]>();
        const string firstYearMessage = "The plan's first fiscal year, in B.E. (e.g. 2566 for the plan 2566–2570).";
        if (body.FirstYear is not { } first)
        {
            errors["firstYear"] = [FieldError.Required(firstYearMessage)];
        }
        else if ((CalendarInput.YearProblem(first) ?? CalendarInput.YearProblem(first + PlanPeriod.Years - 1)) is { } yearProblem)
        {
            errors["firstYear"] = [yearProblem.Code == FieldErrorCodes.WrongCalendar ? yearProblem : FieldError.OutOfRange(
                ThaiCalendar.BuddhistEra.EarliestYear, ThaiCalendar.BuddhistEra.LatestYear - PlanPeriod.Years + 1, firstYearMessage)];
        }

        if (body.Title is { Length: > PlanPeriod.TitleMaxLength })
        {
            errors["title"] = [FieldError.TooLong(PlanPeriod.TitleMaxLength, $"The title may have at most {PlanPeriod.TitleMaxLength} characters.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The plan period is not valid.");
        }

        var firstYear = body.FirstYear!.Value;
        var periods = await db.PlanPeriods.AsNoTracking().ToListAsync(cancellationToken);
        if (periods.FirstOrDefault(p => p.Overlaps(firstYear)) is { } clash)
        {
            return Refusal.Of(RequestsProblems.PlanPeriodOverlap, detail: $"{clash.Title} already covers {clash.FirstYear}–{clash.LastYear}.")
                .With("conflictingPeriodId", clash.Id);
        }

        var period = PlanPeriod.Create(firstYear, body.Title, time.GetUtcNow());
        db.PlanPeriods.Add(period);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Refusal.Of(RequestsProblems.PlanPeriodOverlap, detail: $"A plan starting in {firstYear} was created meanwhile.");
        }

        return period;
    }
}
