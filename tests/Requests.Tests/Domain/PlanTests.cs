using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;

namespace Municipal.Requests.Tests.Domain;

public sealed class PlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    private static readonly Caller Staff = new("staff-plan", new HashSet<string> { "staff" }, null, "strategy");

    private static PlanProject Project(out PlanPeriod period)
    {
        period = PlanPeriod.Create(2566, null, Now);
        return PlanProject.Propose(period, "ก่อสร้างรางระบายน้ำ ซอย 3", "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน", [2570], 125_000_050, Staff, Now);
    }

    [Fact]
    public void A_plan_period_spans_five_fiscal_years_and_is_named_in_thai()
    {
        var period = PlanPeriod.Create(2566, null, Now);
        Assert.Equal(2570, period.LastYear);
        Assert.Equal("แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570)", period.Title);
        Assert.True(period.Contains(2566) && period.Contains(2570));
        Assert.False(period.Contains(2571));
        Assert.True(period.Overlaps(2570));
        Assert.True(period.Overlaps(2562));
        Assert.False(period.Overlaps(2571));
        Assert.False(period.Overlaps(2561));
    }

    [Fact]
    public void A_project_lies_in_its_periods_years()
    {
        var period = PlanPeriod.Create(2566, null, Now);
        Assert.Throws<ArgumentException>(() => PlanProject.Propose(period, "t", "s", [2571], 0, Staff, Now));
        Assert.Throws<ArgumentException>(() => PlanProject.Propose(period, "t", "s", [], 0, Staff, Now));
    }

    [Fact]
    public void Stages_move_forward_only_through_the_plan_or_an_amendment()
    {
        var project = Project(out _);
        Assert.Equal(PlanStage.Proposed, project.Stage);
        Assert.NotNull(project.Refuse(new ProgressReport(PlanStage.Budgeted, null, null)));
        Assert.Null(project.Refuse(new ProgressReport(PlanStage.AddedByAmendment, null, "เพิ่มเติมแผน ครั้งที่ 1")));

        project.Progress(new ProgressReport(PlanStage.AddedByAmendment, null, "เพิ่มเติมแผน ครั้งที่ 1"), Staff, Now);
        project.Progress(new ProgressReport(PlanStage.Budgeted, null, "ข้อบัญญัติงบประมาณ 2570"), Staff, Now.AddDays(30));
        var refusal = project.Refuse(new ProgressReport(PlanStage.Proposed, null, null));
        Assert.Contains("in-progress", refusal);
    }

    [Fact]
    public void Progress_is_measured_once_work_has_started_and_done_is_100_percent()
    {
        var project = Project(out _);
        Assert.Equal("Progress is measured once the project is in progress.", project.Refuse(new ProgressReport(null, 10, null)));

        project.Progress(new ProgressReport(PlanStage.InPlan, null, null), Staff, Now);
        project.Progress(new ProgressReport(PlanStage.Budgeted, null, null), Staff, Now);
        project.Progress(new ProgressReport(PlanStage.InProgress, 30, "เริ่มงานขุด"), Staff, Now.AddDays(1));
        Assert.Equal(30, project.ProgressPercent);
        project.Progress(new ProgressReport(null, 60, "วางท่อแล้วครึ่งหนึ่ง"), Staff, Now.AddDays(10));
        Assert.NotNull(project.Refuse(new ProgressReport(PlanStage.Done, 90, null)));

        project.Progress(new ProgressReport(PlanStage.Done, null, "ส่งมอบงาน"), Staff, Now.AddDays(20));
        Assert.Equal(100, project.ProgressPercent);
        Assert.Equal(PlanStage.Done, project.Stage);
        Assert.NotNull(project.Refuse(new ProgressReport(null, null, "อีกครั้ง")));
        Assert.Equal([0, 0, 0, 30, 60, 100], project.Notes.Select(n => n.Percent));
        Assert.Equal(Now.AddDays(10), project.Notes[4].At);
    }

    [Fact]
    public void A_report_needs_something_to_report_and_a_percentage_in_range()
    {
        Assert.Contains("stage", new ProgressReport(null, null, " ").Validate().Keys);
        Assert.Contains("percent", new ProgressReport(null, 101, null).Validate().Keys);
        Assert.Empty(new ProgressReport(null, null, "ประชุมประชาคม").Validate());
    }

    [Theory]
    [InlineData("1250000.50", true, 125_000_050L)]
    [InlineData("0", true, 0L)]
    [InlineData("0.005", false, 0L)]
    [InlineData("-1", false, 0L)]
    [InlineData("100000000000.01", false, 0L)]
    public void Budgets_are_whole_satang(string baht, bool ok, long satang)
    {
        Assert.Equal(ok, Money.TryToSatang(decimal.Parse(baht, System.Globalization.CultureInfo.InvariantCulture), out var value));
        Assert.Equal(satang, value);
        if (ok)
        {
            Assert.Equal(decimal.Parse(baht, System.Globalization.CultureInfo.InvariantCulture), Money.ToBaht(value));
        }
    }

    [Fact]
    public void Stage_codes_are_kebab_case()
    {
        Assert.Equal(["proposed", "in-plan", "added-by-amendment", "budgeted", "in-progress", "done"], PlanStages.Codes);
        Assert.True(PlanStages.TryParse("added-by-amendment", out var stage) && stage == PlanStage.AddedByAmendment);
    }
}
