using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>The kinds of refusal that are Requests' own (the shared ones are in <see cref="ProblemTypes"/>).</summary>
public static class RequestsProblems
{
    /// <summary>409: the workflow does not allow this move now; <c>currentStatus</c> is the current state, <c>allowed</c> the states this caller may move it to.</summary>
    public static readonly ProblemType InvalidTransition = new("invalid-transition", 409, "The request cannot make this move now.");

    /// <summary>403: the caller does not work this request (its division's staff, the intake desk and admins do).</summary>
    public static readonly ProblemType NotYourWork = new("not-your-work", 403, "You do not work this request.");

    /// <summary>403: a community leader submits requests for their own community only.</summary>
    public static readonly ProblemType NotYourCommunity = new("not-your-community", 403, "Not your community.");

    /// <summary>403: only staff take phoned-in requests.</summary>
    public static readonly ProblemType PhoneIntakeIsStaffOnly = new("phone-intake-staff-only", 403, "Only staff take phoned-in requests.");

    /// <summary>422: the registry has not announced this community.</summary>
    public static readonly ProblemType UnknownCommunity = new("unknown-community", 422, "Unknown community.");

    /// <summary>422: the community was merged or dissolved; <c>communityStatus</c>, and <c>mergedInto</c> when merged.</summary>
    public static readonly ProblemType CommunityInactive = new("community-inactive", 422, "The community no longer takes requests.");

    /// <summary>422: what a field refers to does not exist; <c>field</c> names it.</summary>
    public static readonly ProblemType UnknownReference = new("unknown-reference", 422, "It refers to something that does not exist.");

    /// <summary>422: a request cannot duplicate itself or a duplicate; <c>originalId</c> is the original to name instead, when there is one.</summary>
    public static readonly ProblemType InvalidDuplicate = new("invalid-duplicate", 422, "Not an original to mark this request a duplicate of.");

    /// <summary>409: the request is closed, resolved, rejected or a duplicate; <c>currentStatus</c> is its state.</summary>
    public static readonly ProblemType RequestNotOpen = new("request-not-open", 409, "The request is not open.");

    /// <summary>409: support goes to the original of a duplicate; <c>duplicateOf</c> is its id.</summary>
    public static readonly ProblemType RequestIsDuplicate = new("request-is-duplicate", 409, "This request is a duplicate.");

    /// <summary>409: the caller backs this request already; <c>requestId</c>.</summary>
    public static readonly ProblemType AlreadySupported = new("already-supported", 409, "You support this request already.");

    /// <summary>409: one's own request already counts.</summary>
    public static readonly ProblemType OwnRequest = new("own-request", 409, "You submitted this request.");

    /// <summary>409: a request carries at most <c>max</c> photos and has <c>count</c>.</summary>
    public static readonly ProblemType TooManyPhotos = new("too-many-photos", 409, "Too many photos for one request.");

    /// <summary>409: someone changed it at the same time; read it again and retry.</summary>
    public static readonly ProblemType ChangedMeanwhile = new("changed-meanwhile", 409, "It changed meanwhile.");

    /// <summary>409: plan periods may not overlap; <c>conflictingPeriodId</c> when the other one is known.</summary>
    public static readonly ProblemType PlanPeriodOverlap = new("plan-period-overlap", 409, "The plan periods would overlap.");

    /// <summary>409: a plan project that is done takes no more requests.</summary>
    public static readonly ProblemType PlanProjectDone = new("plan-project-done", 409, "The plan project is done.");

    /// <summary>409: a request is answered by one plan project at most.</summary>
    public static readonly ProblemType RequestInAnotherProject = new("request-in-another-project", 409, "A request is already in another plan project.");

    /// <summary>409: a project's stage only moves forward, and progress is reported once it is in progress.</summary>
    public static readonly ProblemType ProgressRefused = new("progress-refused", 409, "The project cannot take this report.");

    /// <summary>409: the submitter is a person of the registry or has an account: erase them through the registry.</summary>
    public static readonly ProblemType SubmitterInRegistry = new("submitter-in-registry", 409, "The submitter is erased through the registry.");

    /// <summary>422: the fiscal years of a plan project lie outside its plan period, or no period holds them.</summary>
    public static readonly ProblemType OutsidePlanPeriod = new("outside-plan-period", 422, "The fiscal years lie outside a plan period.");

    /// <summary>409: an answer about the fix does not count now; <c>reason</c> (<c>not-resolved</c>, <c>round-over</c>, <c>too-late</c>, <c>closed</c>), <c>currentStatus</c>, <c>answerBy</c>.</summary>
    public static readonly ProblemType FeedbackNotOpen = new("feedback-not-open", 409, "The request does not take an answer about its fix now.");

    /// <summary>409: an answer about this resolution counted already; <c>round</c>.</summary>
    public static readonly ProblemType FeedbackGiven = new("feedback-given", 409, "An answer about this fix was given already.");

    /// <summary>403: only the submitter says whether their request was fixed.</summary>
    public static readonly ProblemType NotTheSubmitter = new("not-the-submitter", 403, "Only the submitter answers this.");

    /// <summary>409: the request is with that division already; <c>division</c>.</summary>
    public static readonly ProblemType SameDivision = new("same-division", 409, "The request is with that division already.");

    /// <summary>403: the token names no division (the same kind as Notifications' division inbox).</summary>
    public static readonly ProblemType NoDivision = new("no-division", 403, "Your token names no division.");
}
