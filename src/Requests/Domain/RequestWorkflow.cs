using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Domain;

/// <summary>The part someone plays in a transition.</summary>
[Flags]
public enum Party
{
    None = 0,

    /// <summary>Staff who work the request (its division, the intake desk, an admin).</summary>
    Worker = 1,

    /// <summary>Whoever submitted it.</summary>
    Submitter = 2,

    /// <summary>The service itself, e.g. when a plan project the request belongs to starts or is done.</summary>
    System = 4,
}

/// <summary>What a transition asks for.</summary>
public sealed record TransitionCommand(
    RequestStatus To, string? Note = null, string? DivisionCode = null, Guid? DuplicateOf = null, Guid? ProjectId = null)
{
    public const int NoteMaxLength = 2000;

    /// <summary>Field problems: a rejection needs its reason, a duplicate the request it repeats, a plan proposal its project.</summary>
    public Dictionary<string, FieldError[]> Validate()
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (Note is { } note && note.Length > NoteMaxLength)
        {
            errors["note"] = [FieldError.TooLong(NoteMaxLength, $"The note may have at most {NoteMaxLength} characters.")];
        }

        if (To == RequestStatus.Rejected && string.IsNullOrWhiteSpace(Note))
        {
            errors["note"] = [FieldError.Rule(FieldErrorCodes.NoteNeededToReject, "A rejection needs its reason in the note.")];
        }

        if (To == RequestStatus.Duplicate && DuplicateOf is null)
        {
            errors["duplicateOf"] = [FieldError.Required("Name the request this one duplicates.")];
        }

        if (To == RequestStatus.ProposedForPlan && ProjectId is null)
        {
            errors["projectId"] = [FieldError.Required("Name the plan project to attach the request to (or create one with POST /api/requests/plan/projects).")];
        }

        if (To != RequestStatus.Triaged && DivisionCode is not null)
        {
            errors["division"] = [FieldError.Rule(FieldErrorCodes.OnlyWhenTriaging, "A division is given only when triaging.")];
        }

        return errors;
    }
}

public enum TransitionVerdict
{
    Allowed,

    /// <summary>Not a move this request can make now, or not one this caller may make (409, naming the allowed ones).</summary>
    NotAllowed,

    /// <summary>The caller takes no part in this request's workflow (403).</summary>
    Forbidden,
}

public sealed record TransitionDecision(TransitionVerdict Verdict, IReadOnlyList<RequestStatus> Allowed, string? Reason = null);

/// <summary>
/// The request life cycle: submitted → triaged (division assigned) → in progress → resolved → closed.
/// From triaged (or in progress) a request that needs budget goes to the local development plan:
/// needs budget → proposed for plan → in progress (when its project starts) → resolved. Rejected (with a
/// reason) and duplicate (of another request) close an open request. The submitter may reopen a
/// resolved request within <see cref="ReopenWindow"/>; staff may reopen it at any time.
/// </summary>
public static class RequestWorkflow
{
    public static readonly TimeSpan ReopenWindow = TimeSpan.FromDays(14);

    private static readonly Dictionary<RequestStatus, RequestStatus[]> Graph = new()
    {
        [RequestStatus.Submitted] = [RequestStatus.Triaged, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.Triaged] = [RequestStatus.InProgress, RequestStatus.NeedsBudget, RequestStatus.Resolved, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.InProgress] = [RequestStatus.Resolved, RequestStatus.NeedsBudget, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.NeedsBudget] = [RequestStatus.ProposedForPlan, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.ProposedForPlan] = [RequestStatus.InProgress, RequestStatus.Resolved, RequestStatus.Rejected],
        [RequestStatus.Resolved] = [RequestStatus.Closed, RequestStatus.InProgress],
        [RequestStatus.Closed] = [],
        [RequestStatus.Rejected] = [],
        [RequestStatus.Duplicate] = [],
    };

    /// <summary>Every state the request can move to from <paramref name="from"/>, whoever asks.</summary>
    public static IReadOnlyList<RequestStatus> Next(RequestStatus from) => Graph[from];

    /// <summary>The moves <paramref name="party"/> may make now (what a client offers).</summary>
    public static IReadOnlyList<RequestStatus> AllowedFor(RequestStatus from, Party party, DateTimeOffset? resolvedAt, DateTimeOffset now) =>
        party == Party.None || (!party.HasFlag(Party.Worker) && !party.HasFlag(Party.System) && from != RequestStatus.Resolved)
            ? []
            : Next(from).Where(s => MayTake(from, s, party, resolvedAt, now)).ToList();

    /// <summary>May <paramref name="party"/> move a request from <paramref name="from"/> to <paramref name="to"/> now?</summary>
    public static TransitionDecision Decide(RequestStatus from, RequestStatus to, Party party, DateTimeOffset? resolvedAt, DateTimeOffset now)
    {
        var onlySubmitter = !party.HasFlag(Party.Worker) && !party.HasFlag(Party.System);
        if (party == Party.None || (onlySubmitter && from != RequestStatus.Resolved))
        {
            return new(TransitionVerdict.Forbidden, [],
                "Only staff who work this request change its state; its submitter may close or reopen it once it is resolved.");
        }

        var allowed = Next(from).Where(s => MayTake(from, s, party, resolvedAt, now)).ToList();
        if (allowed.Contains(to))
        {
            return new(TransitionVerdict.Allowed, allowed);
        }

        string reason;
        if (from == RequestStatus.ProposedForPlan && to is RequestStatus.InProgress or RequestStatus.Resolved && party.HasFlag(Party.Worker))
        {
            reason = "A request in the development plan follows its project: it goes in progress when the project starts and is resolved when the project is done.";
        }
        else if (from == RequestStatus.Resolved && to == RequestStatus.InProgress && onlySubmitter)
        {
            reason = $"A resolved request can be reopened by its submitter within {ReopenWindow.TotalDays:0} days of its resolution; that time has passed.";
        }
        else if (Next(from).Contains(to))
        {
            reason = $"Only staff who work this request may move it from {from.ToCode()} to {to.ToCode()}.";
        }
        else
        {
            reason = $"A {from.ToCode()} request cannot become {to.ToCode()}.";
        }

        return new(TransitionVerdict.NotAllowed, allowed, reason);
    }

    private static bool MayTake(RequestStatus from, RequestStatus to, Party party, DateTimeOffset? resolvedAt, DateTimeOffset now)
    {
        if (party.HasFlag(Party.System))
        {
            return true;
        }

        // A request in the plan follows its project: it goes in progress when the project starts and is resolved when
        // the project is done. Staff do not move it there by hand (a project at 0 % would otherwise "resolve" it).
        if (party.HasFlag(Party.Worker))
        {
            return !(from == RequestStatus.ProposedForPlan && to is RequestStatus.InProgress or RequestStatus.Resolved);
        }

        // The submitter's only moves: reopen a request resolved within the window, or confirm it closed.
        return party.HasFlag(Party.Submitter) && from == RequestStatus.Resolved && to switch
        {
            RequestStatus.InProgress => resolvedAt is { } at && now - at <= ReopenWindow,
            RequestStatus.Closed => true,
            _ => false,
        };
    }
}
