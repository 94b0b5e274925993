using Municipal.Edge;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Domain.Plan;

/// <summary>What a progress report asks for.</summary>
public sealed record ProgressReport(PlanStage? Stage, int? Percent, string? Note)
{
    public const int NoteMaxLength = 2000;

    public Dictionary<string, FieldError[]> Validate()
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (Stage is null && Percent is null && string.IsNullOrWhiteSpace(Note))
        {
            errors["stage"] = [FieldError.Rule(FieldErrorCodes.NothingReported, "Report a new stage, a progress percentage, or at least a note.")];
        }

        if (Percent is < 0 or > 100)
        {
            errors["percent"] = [FieldError.OutOfRange(0, 100, "Progress is a percentage from 0 to 100.")];
        }

        if (Note is { Length: > NoteMaxLength })
        {
            errors["note"] = [FieldError.TooLong(NoteMaxLength, $"The note may have at most {NoteMaxLength} characters.")];
        }

        return errors;
    }
}

/// <summary>A project of the local development plan, and the community requests it answers.</summary>
public sealed class PlanProject
{
    public const int TitleMaxLength = 300;
    public const int StrategyMaxLength = 300;

    private readonly List<PlanProjectYear> _years = [];
    private readonly List<PlanProjectRequest> _requests = [];
    private readonly List<PlanProgressNote> _notes = [];

    private PlanProject()
    {
    }

    public Guid Id { get; private set; }

    public Guid PeriodId { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>The plan's development strategy (ยุทธศาสตร์) it belongs to.</summary>
    public string Strategy { get; private set; } = "";

    /// <summary>Estimated budget in satang (see <see cref="Money"/>).</summary>
    public long EstimatedBudgetSatang { get; private set; }

    public PlanStage Stage { get; private set; }

    public int ProgressPercent { get; private set; }

    public string? CreatedBySubject { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<PlanProjectYear> Years => _years;

    public IReadOnlyList<PlanProjectRequest> Requests => _requests;

    public IReadOnlyList<PlanProgressNote> Notes => _notes;

    public static PlanProject Propose(PlanPeriod period, string title, string strategy, IReadOnlyCollection<int> fiscalYears, long estimatedBudgetSatang, Caller actor, DateTimeOffset now)
    {
        if (fiscalYears.Count == 0 || fiscalYears.Any(y => !period.Contains(y)))
        {
            throw new ArgumentException("Every fiscal year of a project lies in its plan period.", nameof(fiscalYears));
        }

        var project = new PlanProject
        {
            Id = Guid.CreateVersion7(now),
            PeriodId = period.Id,
            Title = title.Trim(),
            Strategy = strategy.Trim(),
            EstimatedBudgetSatang = estimatedBudgetSatang,
            Stage = PlanStage.Proposed,
            ProgressPercent = 0,
            CreatedBySubject = actor.Subject,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        project._years.AddRange(fiscalYears.Distinct().Order().Select(y => new PlanProjectYear(project.Id, y)));
        project._notes.Add(new PlanProgressNote(project.Id, now, PlanStage.Proposed, 0, "เสนอโครงการเข้าแผนพัฒนาท้องถิ่น", actor.Subject));
        return project;
    }

    public bool AcceptsRequests => Stage != PlanStage.Done;

    /// <summary>Records that the project answers this request (the request's own state is the workflow's business).</summary>
    public void Attach(ServiceRequest request, DateTimeOffset now)
    {
        if (!AcceptsRequests)
        {
            throw new InvalidOperationException("A project that is done takes no more requests.");
        }

        if (_requests.Any(r => r.RequestId == request.Id))
        {
            return;
        }

        _requests.Add(new PlanProjectRequest(Id, request.Id, request.CommunityId, now));
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Why this progress report cannot be taken now, or null when it can.</summary>
    public string? Refuse(ProgressReport report)
    {
        if (Stage == PlanStage.Done)
        {
            return "The project is done: its stage and progress no longer change.";
        }

        var stage = report.Stage ?? Stage;
        if (report.Stage is { } to && to != Stage && !PlanStages.Next(Stage).Contains(to))
        {
            var allowed = PlanStages.Next(Stage);
            return allowed.Count == 0
                ? $"The project is {Stage.ToCode()}: its stage no longer changes."
                : $"A {Stage.ToCode()} project moves on to {string.Join(" or ", allowed.Select(s => s.ToCode()))}, not {to.ToCode()}.";
        }

        if (report.Percent is { } percent && percent != ProgressPercent && stage is not (PlanStage.InProgress or PlanStage.Done))
        {
            return "Progress is measured once the project is in progress.";
        }

        if (stage == PlanStage.Done && report.Percent is { } donePercent && donePercent != 100)
        {
            return "A done project is 100 % complete.";
        }

        return null;
    }

    /// <summary>Applies a report that <see cref="Refuse"/> accepted, and keeps it as a dated note.</summary>
    public PlanProgressNote Progress(ProgressReport report, Caller actor, DateTimeOffset now)
    {
        if (Refuse(report) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        Stage = report.Stage ?? Stage;
        ProgressPercent = Stage == PlanStage.Done ? 100 : report.Percent ?? ProgressPercent;
        UpdatedAt = now;
        Version++;
        var note = new PlanProgressNote(Id, now, Stage, ProgressPercent, string.IsNullOrWhiteSpace(report.Note) ? null : report.Note.Trim(), actor.Subject);
        _notes.Add(note);
        return note;
    }
}

/// <summary>A fiscal year (B.E.) a project is planned for.</summary>
public sealed class PlanProjectYear(Guid projectId, int fiscalYear)
{
    public Guid ProjectId { get; private set; } = projectId;

    public int FiscalYear { get; private set; } = fiscalYear;
}

/// <summary>A request a project answers, with the community that raised it. A request belongs to one project at most.</summary>
public sealed class PlanProjectRequest(Guid projectId, Guid requestId, Guid? communityId, DateTimeOffset attachedAt)
{
    public Guid ProjectId { get; private set; } = projectId;

    public Guid RequestId { get; private set; } = requestId;

    /// <summary>Null for a request not placed in a community yet.</summary>
    public Guid? CommunityId { get; private set; } = communityId;

    public DateTimeOffset AttachedAt { get; private set; } = attachedAt;
}

/// <summary>A dated progress note: stage and percentage at that time, and what was said.</summary>
public sealed class PlanProgressNote
{
    private PlanProgressNote()
    {
    }

    public PlanProgressNote(Guid projectId, DateTimeOffset at, PlanStage stage, int percent, string? note, string? bySubject)
    {
        Id = Guid.CreateVersion7(at);
        ProjectId = projectId;
        At = at;
        Stage = stage;
        Percent = percent;
        Note = note;
        BySubject = bySubject;
    }

    public Guid Id { get; private set; }

    public Guid ProjectId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public PlanStage Stage { get; private set; }

    public int Percent { get; private set; }

    public string? Note { get; private set; }

    public string? BySubject { get; private set; }

    public void EraseAuthor() => BySubject = null;
}
