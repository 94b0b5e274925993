using System.Linq.Expressions;

namespace Municipal.Requests.Domain;

/// <summary>What the service-level rules need of one request.</summary>
public sealed record ServiceLevelSample(
    RequestStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset FirstResponseDueAt,
    DateTimeOffset ResolutionDueAt,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? ResolvedAt,
    bool WentToPlan);

/// <summary>Count, medians and overdue share of a group of requests.</summary>
public sealed record ServiceLevelSummary(int Count, double? MedianHoursToFirstResponse, double? MedianHoursToResolution, double OverdueShare);

/// <summary>
/// Service levels: each request is due a first response and a resolution by times its category sets.
/// The resolution clock covers the division's own work; a request handed to the development plan
/// (needs budget, proposed for plan, or resolved through a plan project) is measured by the plan instead.
/// </summary>
public static class ServiceLevels
{
    /// <summary>
    /// Overdue now: still waiting for its first response after its due time, or for the division's fix after its due
    /// time. A request that follows a plan project is measured by the plan, not by its category's resolution time.
    /// </summary>
    public static bool IsOverdue(RequestStatus status, DateTimeOffset? firstRespondedAt, DateTimeOffset firstResponseDueAt, DateTimeOffset resolutionDueAt,
        DateTimeOffset now, bool followsPlan = false) =>
        (status == RequestStatus.Submitted && firstRespondedAt is null && now > firstResponseDueAt)
        || (!followsPlan && RequestStatuses.UnderDivision.Contains(status) && now > resolutionDueAt);

    /// <summary>The same rule as <see cref="IsOverdue"/>, for a database query.</summary>
    public static Expression<Func<ServiceRequest, bool>> OverdueAt(DateTimeOffset now) => r =>
        (r.Status == RequestStatus.Submitted && r.FirstRespondedAt == null && r.FirstResponseDueAt < now)
        || (r.PlanProjectId == null
            && (r.Status == RequestStatus.Submitted || r.Status == RequestStatus.Triaged || r.Status == RequestStatus.InProgress) && r.ResolutionDueAt < now);

    /// <summary>
    /// Missed a service level: answered late (or still unanswered past its due time), or resolved late
    /// (or still with the division past its due time).
    /// </summary>
    public static bool MissedTarget(ServiceLevelSample s, DateTimeOffset now)
    {
        var answeredLate = (s.FirstRespondedAt ?? now) > s.FirstResponseDueAt;
        var resolvedLate = !s.WentToPlan && (s.ResolvedAt is { } resolved
            ? resolved > s.ResolutionDueAt
            : RequestStatuses.UnderDivision.Contains(s.Status) && now > s.ResolutionDueAt);
        return answeredLate || resolvedLate;
    }

    public static ServiceLevelSummary Summarize(IReadOnlyCollection<ServiceLevelSample> samples, DateTimeOffset now)
    {
        if (samples.Count == 0)
        {
            return new(0, null, null, 0);
        }

        var toFirstResponse = samples.Where(s => s.FirstRespondedAt is not null)
            .Select(s => (s.FirstRespondedAt!.Value - s.SubmittedAt).TotalHours).ToList();
        var toResolution = samples.Where(s => s.ResolvedAt is not null && !s.WentToPlan)
            .Select(s => (s.ResolvedAt!.Value - s.SubmittedAt).TotalHours).ToList();
        var missed = samples.Count(s => MissedTarget(s, now));
        return new(samples.Count, Median(toFirstResponse), Median(toResolution), Math.Round((double)missed / samples.Count, 4));
    }

    /// <summary>The middle value (the mean of the two middle values for an even count); null for none.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 2);
    }
}
