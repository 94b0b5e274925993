namespace Municipal.Scheduling.Domain;

/// <summary>
/// Which reminder is due for one confirmed registrant. Each offset goes out at most once (the database
/// records it under a unique key). When several offsets are due at once, e.g. after someone registered two
/// hours before the start or after the service was down, only the closest one goes out and the others are
/// recorded as superseded, so nobody gets a "tomorrow" and a "soon" reminder in the same minute.
/// </summary>
public static class ReminderPlan
{
    public static readonly IReadOnlyList<TimeSpan> DefaultOffsets = [TimeSpan.FromHours(24), TimeSpan.FromHours(2)];

    public static ReminderDecision Decide(DateTimeOffset startsAt, DateTimeOffset now, IEnumerable<TimeSpan> offsets, IReadOnlySet<TimeSpan> recorded)
    {
        if (now >= startsAt)
        {
            return ReminderDecision.Nothing;
        }

        var due = offsets.Distinct().Where(o => o > TimeSpan.Zero && startsAt - o <= now).OrderBy(o => o).ToList();
        var open = due.Where(o => !recorded.Contains(o)).ToList();
        if (open.Count == 0)
        {
            return ReminderDecision.Nothing;
        }

        // A closer reminder already went out (or is going out now): the farther ones are stale.
        var closest = due[0];
        if (recorded.Contains(closest))
        {
            return new ReminderDecision(null, open);
        }

        return new ReminderDecision(closest, open.Where(o => o != closest).ToList());
    }
}

/// <param name="Send">The offset whose reminder goes out now, if any.</param>
/// <param name="Supersede">Offsets recorded as superseded, never to go out.</param>
public sealed record ReminderDecision(TimeSpan? Send, IReadOnlyList<TimeSpan> Supersede)
{
    public static readonly ReminderDecision Nothing = new(null, []);
}

/// <summary>That one reminder (registration × offset) was handled; its key makes the handling happen once.</summary>
public sealed class ReminderDispatch
{
    public Guid RegistrationId { get; set; }

    public int OffsetMinutes { get; set; }

    /// <summary><c>sent</c> or <c>superseded</c>.</summary>
    public string Outcome { get; set; } = "sent";

    public DateTimeOffset RecordedAt { get; set; }
}
