namespace Municipal.Contracts;

// Casework events of Requests: overdue requests escalated, the daily digest of a division, hand-offs between divisions
// and to officers. Notifications tells the division (its shared inbox), its head and the officer on their channels.
// Codes: thresholds first-response, resolution; levels division, head.

/// <summary>
/// A request missed a due time and its division is told (<see cref="Level"/> <c>division</c>: the shared inbox and the
/// head), or its head is told again after a second delay (<c>head</c>). Once per request, threshold, level and division.
/// </summary>
public sealed record RequestEscalated
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    /// <summary>Null while the request is not placed in a community (an address only, from Open311 or LINE).</summary>
    public Guid? CommunityId { get; init; }
    /// <summary>The division holding it (code).</summary>
    public required string DivisionCode { get; init; }
    /// <summary>The registry's id of that division, when Requests knows it: how the division's head is found.</summary>
    public Guid? DivisionId { get; init; }
    /// <summary><c>first-response</c> or <c>resolution</c>.</summary>
    public required string Threshold { get; init; }
    /// <summary><c>division</c> or <c>head</c>.</summary>
    public required string Level { get; init; }
    /// <summary>The due time it missed.</summary>
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>The officer it is assigned to, if any.</summary>
    public string? AssigneeSubject { get; init; }
    public required DateTimeOffset EscalatedAt { get; init; }
}

/// <summary>One overdue request in a division's digest.</summary>
public sealed record OverdueRequest
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    /// <summary><c>first-response</c> or <c>resolution</c>: the due time it missed.</summary>
    public required string Threshold { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public string? AssigneeName { get; init; }
}

/// <summary>The daily list of a division's overdue requests (Thai), once per division and Bangkok day, when it has any.</summary>
public sealed record DivisionOverdueDigest
{
    public required string DivisionCode { get; init; }
    public Guid? DivisionId { get; init; }
    /// <summary>The Bangkok day it is for.</summary>
    public required DateOnly Day { get; init; }
    /// <summary>How many of the division's requests are overdue; <see cref="Requests"/> lists the longest overdue, at most 50.</summary>
    public required int Total { get; init; }
    public required IReadOnlyList<OverdueRequest> Requests { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A request was handed to another division, with the reason; the new division now holds it.</summary>
public sealed record RequestRerouted
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    /// <summary>Null while the request is not placed in a community (an address only, from Open311 or LINE).</summary>
    public Guid? CommunityId { get; init; }
    public required string FromDivisionCode { get; init; }
    public required string ToDivisionCode { get; init; }
    public Guid? ToDivisionId { get; init; }
    public required string Reason { get; init; }
    public string? ReroutedBySubject { get; init; }
    public required DateTimeOffset ReroutedAt { get; init; }
}

/// <summary>A request was assigned to an officer of its division (or unassigned: <see cref="OfficerSubject"/> null).</summary>
public sealed record RequestAssignedToOfficer
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    public required string DivisionCode { get; init; }
    /// <summary>The officer's sign-in subject: the one to tell.</summary>
    public string? OfficerSubject { get; init; }
    public string? PreviousOfficerSubject { get; init; }
    public string? Note { get; init; }
    public string? AssignedBySubject { get; init; }
    public required DateTimeOffset AssignedAt { get; init; }
}
