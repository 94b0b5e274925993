namespace Municipal.Requests.Domain;

public enum RequestStatus
{
    Submitted,
    Triaged,
    InProgress,
    Resolved,
    Closed,
    NeedsBudget,
    ProposedForPlan,
    Rejected,
    Duplicate,
}
