namespace Municipal.Requests.Domain.Plan;

/// <summary>Where a plan project stands. Wire form: <c>proposed</c>, <c>in-plan</c>, <c>added-by-amendment</c>, <c>budgeted</c>, <c>in-progress</c>, <c>done</c>.</summary>
public enum PlanStage
{
    Proposed,
    InPlan,
    AddedByAmendment,
    Budgeted,
    InProgress,
    Done,
}

/// <summary>
/// A project is proposed, enters the plan (when the plan is drawn up) or is added by a formal amendment
/// (เพิ่มเติม/เปลี่ยนแปลง), is budgeted in an annual budget, is carried out, and is done. Stages only move
/// forward; progress is measured once work has started, and a done project is 100 %.
/// </summary>
public static class PlanStages
{
    private static readonly Dictionary<PlanStage, PlanStage[]> Graph = new()
    {
        [PlanStage.Proposed] = [PlanStage.InPlan, PlanStage.AddedByAmendment],
        [PlanStage.InPlan] = [PlanStage.Budgeted],
        [PlanStage.AddedByAmendment] = [PlanStage.Budgeted],
        [PlanStage.Budgeted] = [PlanStage.InProgress],
        [PlanStage.InProgress] = [PlanStage.Done],
        [PlanStage.Done] = [],
    };

    public static IReadOnlyList<PlanStage> Next(PlanStage from) => Graph[from];

    public static string ToCode(this PlanStage stage) => stage switch
    {
        PlanStage.InPlan => "in-plan",
        PlanStage.AddedByAmendment => "added-by-amendment",
        PlanStage.InProgress => "in-progress",
        _ => stage.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? code, out PlanStage stage)
    {
        foreach (var candidate in Enum.GetValues<PlanStage>())
        {
            if (string.Equals(candidate.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }

        stage = default;
        return false;
    }

    public static readonly IReadOnlyList<string> Codes = Enum.GetValues<PlanStage>().Select(s => s.ToCode()).ToList();
}
