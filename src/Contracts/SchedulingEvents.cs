namespace Municipal.Contracts;

// Events published by Scheduling. Times are UTC instants; consumers show them in Asia/Bangkok.

/// <summary>What a notice about a session needs to say, as it stands when the event is published.</summary>
public sealed record SessionSnapshot
{
    public required Guid SessionId { get; init; }
    public required Guid ProgrammeId { get; init; }
    public required int Number { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string VenueName { get; init; }
    public string? VenueDetail { get; init; }
    /// <summary>iCalendar SEQUENCE: rises with every significant change and on cancellation.</summary>
    public required int Sequence { get; init; }
    /// <summary><c>scheduled</c>, <c>cancelled</c> or <c>completed</c>.</summary>
    public required string Status { get; init; }
}

/// <summary>A session moved in time or to another venue.</summary>
public sealed record SessionRescheduled
{
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset PreviousStartsAt { get; init; }
    public required DateTimeOffset PreviousEndsAt { get; init; }
    public required string PreviousVenueName { get; init; }
    /// <summary>The people registered (confirmed or waitlisted) when it moved: the ones to tell.</summary>
    public IReadOnlyList<Guid>? RegistrantIds { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record SessionCancelled
{
    public required SessionSnapshot Session { get; init; }
    public string? Reason { get; init; }
    /// <summary>The people registered (confirmed or waitlisted) when it was cancelled: the ones to tell.</summary>
    public IReadOnlyList<Guid>? RegistrantIds { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record InvitationIssued
{
    public required Guid InvitationId { get; init; }
    public required Guid PersonId { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record RegistrationConfirmed
{
    public required Guid RegistrationId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record RegistrationWaitlisted
{
    public required Guid RegistrationId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    /// <summary>1-based position on the waitlist when the person was waitlisted.</summary>
    public required int Position { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A waitlisted person got a seat (no acceptance step).</summary>
public sealed record RegistrationPromoted
{
    public required Guid RegistrationId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public sealed record RegistrationCancelled
{
    public required Guid RegistrationId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    /// <summary>The status the registration had before it was cancelled: <c>confirmed</c> or <c>waitlisted</c>.</summary>
    public required string PreviousStatus { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A reminder is due for one registrant at one offset before the session starts.</summary>
public sealed record SessionReminderDue
{
    public required Guid RegistrationId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    public required TimeSpan OffsetBeforeStart { get; init; }
    public required SessionSnapshot Session { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A problem or need raised by a community at a session, to become a request.</summary>
public sealed record IssueRaisedAtSession
{
    public required Guid IssueId { get; init; }
    public required Guid SessionId { get; init; }
    public required Guid CommunityId { get; init; }
    /// <summary>Category code: road, drainage, tree, lighting, waste, flooding, water, other.</summary>
    public required string Category { get; init; }
    public required string Description { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? RecordedBySubject { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
}
