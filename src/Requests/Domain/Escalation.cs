using Municipal.ThaiCalendar;

namespace Municipal.Requests.Domain;

/// <summary>The due time a request missed: its first response, or its resolution. Codes <c>first-response</c>, <c>resolution</c>.</summary>
public enum EscalationThreshold
{
    FirstResponse,
    Resolution,
}

/// <summary>Who is told: the division (its shared inbox and its head), or its head alone, once more, after a second delay.</summary>
public enum EscalationLevel
{
    Division,
    Head,
}

public static class EscalationCodes
{
    public static string ToCode(this EscalationThreshold threshold) => threshold == EscalationThreshold.FirstResponse ? "first-response" : "resolution";

    public static string ToCode(this EscalationLevel level) => level == EscalationLevel.Division ? "division" : "head";
}

/// <summary>The second delay before the head is told again, and the time of day the digest goes out (Bangkok).</summary>
public sealed record EscalationPolicy(TimeSpan HeadDelay, TimeOnly DigestAt)
{
    public static readonly EscalationPolicy Default = new(TimeSpan.FromDays(2), new TimeOnly(8, 0));
}

/// <summary>One escalation a request has earned: which threshold, which level, and since when.</summary>
public sealed record EscalationDue(EscalationThreshold Threshold, EscalationLevel Level, DateTimeOffset DueSince);

/// <summary>
/// Escalation of overdue requests, the rule of <see cref="ServiceLevels.IsOverdue"/> acted upon: a request still waiting
/// for its first response after its due time, or still the division's work after its resolution time, is escalated to
/// its division at once, and to the division's head again once <see cref="EscalationPolicy.HeadDelay"/> more has passed.
/// Each (request, threshold, level, division) once: the table of escalations remembers (a request re-routed to another
/// division is that division's to hear about). A request waiting for the plan's budget is not the division's to hurry.
/// </summary>
public static class EscalationRules
{
    public static IReadOnlyList<EscalationDue> Due(
        RequestStatus status, DateTimeOffset? firstRespondedAt, DateTimeOffset firstResponseDueAt, DateTimeOffset resolutionDueAt, DateTimeOffset now, EscalationPolicy policy)
    {
        var due = new List<EscalationDue>();
        if (status == RequestStatus.Submitted && firstRespondedAt is null && now > firstResponseDueAt)
        {
            Add(EscalationThreshold.FirstResponse, firstResponseDueAt);
        }

        if (RequestStatuses.UnderDivision.Contains(status) && now > resolutionDueAt)
        {
            Add(EscalationThreshold.Resolution, resolutionDueAt);
        }

        return due;

        void Add(EscalationThreshold threshold, DateTimeOffset dueAt)
        {
            due.Add(new EscalationDue(threshold, EscalationLevel.Division, dueAt));
            if (now >= dueAt + policy.HeadDelay)
            {
                due.Add(new EscalationDue(threshold, EscalationLevel.Head, dueAt + policy.HeadDelay));
            }
        }
    }

    /// <summary>The Bangkok day whose digest is due at <paramref name="now"/>: today once the digest time has come, else none yet.</summary>
    public static DateOnly? DigestDay(DateTimeOffset now, EscalationPolicy policy)
    {
        var local = BangkokTime.ToLocal(now);
        return TimeOnly.FromDateTime(local.DateTime) >= policy.DigestAt ? DateOnly.FromDateTime(local.DateTime) : null;
    }
}

/// <summary>One escalation that was made: the row that keeps it from being made twice.</summary>
public sealed class RequestEscalation
{
    private RequestEscalation()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public EscalationThreshold Threshold { get; private set; }

    public EscalationLevel Level { get; private set; }

    /// <summary>The division told: a request re-routed later is the new division's to hear about.</summary>
    public string DivisionCode { get; private set; } = "";

    public DateTimeOffset DueSince { get; private set; }

    public DateTimeOffset EscalatedAt { get; private set; }

    public static RequestEscalation Make(Guid requestId, string divisionCode, EscalationDue due, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RequestId = requestId,
        Threshold = due.Threshold,
        Level = due.Level,
        DivisionCode = divisionCode,
        DueSince = due.DueSince,
        EscalatedAt = now,
    };
}

/// <summary>The daily digest of one division on one Bangkok day: sent once (its key).</summary>
public sealed class DivisionDigest
{
    private DivisionDigest()
    {
    }

    public string DivisionCode { get; private set; } = "";

    public DateOnly Day { get; private set; }

    public int Overdue { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public static DivisionDigest Sent(string divisionCode, DateOnly day, int overdue, DateTimeOffset now) =>
        new() { DivisionCode = divisionCode, Day = day, Overdue = overdue, SentAt = now };
}
