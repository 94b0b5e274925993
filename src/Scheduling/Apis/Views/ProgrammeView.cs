using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

/// <param name="FiscalYear">The Thai fiscal year, B.E. (e.g. 2563).</param>
/// <param name="FiscalYearLabel">In the requested language: <c>ปีงบประมาณ 2563</c>.</param>
public sealed record ProgrammeView(
    Guid Id, int FiscalYear, string FiscalYearLabel, DateOnly StartsOn, DateOnly EndsOn, string Title, string? Description,
    IReadOnlyList<string> TargetRoles, IReadOnlyList<SessionView>? Sessions)
{
    public static ProgrammeView From(Programme p, Language language, Caller viewer, IReadOnlyList<SessionAt>? sessions = null) => new(
        p.Id, p.FiscalYear, p.Year.Label(language), p.Year.FirstDay, p.Year.LastDay, p.Title, p.Description, p.TargetRoles,
        sessions?.Select(s => SessionView.From(s, language, viewer)).ToList());
}
