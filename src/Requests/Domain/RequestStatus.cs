namespace Municipal.Requests.Domain;

/// <summary>Where a request stands. Serialized in kebab case: <c>in-progress</c>, <c>needs-budget</c>, <c>proposed-for-plan</c>.</summary>
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

public static class RequestStatuses
{
    /// <summary>Still to be dealt with: not resolved, closed, rejected or a duplicate.</summary>
    public static readonly IReadOnlyList<RequestStatus> Open =
    [
        RequestStatus.Submitted, RequestStatus.Triaged, RequestStatus.InProgress, RequestStatus.NeedsBudget, RequestStatus.ProposedForPlan,
    ];

    /// <summary>The division's own work: the resolution clock runs. It stops while the request waits for the plan's budget.</summary>
    public static readonly IReadOnlyList<RequestStatus> UnderDivision =
    [
        RequestStatus.Submitted, RequestStatus.Triaged, RequestStatus.InProgress,
    ];

    public static bool IsOpen(this RequestStatus status) => Open.Contains(status);

    /// <summary>Open311 knows two states: <c>open</c> (reported) and <c>closed</c> (dealt with).</summary>
    public static string ToOpen311(this RequestStatus status) => status.IsOpen() ? "open" : "closed";

    /// <summary>The wire form: <c>in-progress</c>.</summary>
    public static string ToCode(this RequestStatus status) => status switch
    {
        RequestStatus.InProgress => "in-progress",
        RequestStatus.NeedsBudget => "needs-budget",
        RequestStatus.ProposedForPlan => "proposed-for-plan",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static readonly IReadOnlyList<string> Codes = Enum.GetValues<RequestStatus>().Select(s => s.ToCode()).ToList();

    public static bool TryParse(string? code, out RequestStatus status)
    {
        foreach (var candidate in Enum.GetValues<RequestStatus>())
        {
            if (string.Equals(candidate.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
