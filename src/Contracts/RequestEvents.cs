namespace Municipal.Contracts;

// Events published by Requests.

public sealed record RequestSubmitted
{
    public required Guid RequestId { get; init; }
    /// <summary>The number people quote, e.g. <c>R2569-000123</c>.</summary>
    public required string Number { get; init; }
    /// <summary>Null while the request is not placed yet: it came with an address only (Open311, LINE) and staff place it.</summary>
    public Guid? CommunityId { get; init; }
    /// <summary>Category code, e.g. <c>drainage</c>.</summary>
    public required string Category { get; init; }
    public string? DivisionCode { get; init; }
    public required string Title { get; init; }
    /// <summary><c>web</c>, <c>mobile</c>, <c>meeting</c>, <c>phone</c>, <c>open311</c> or <c>line</c> (<see cref="RequestChannelCodes"/>).</summary>
    public required string Channel { get; init; }
    /// <summary>
    /// The submitter: the sign-in subject of a signed-in person, or a LINE reporter's <c>line:…</c> subject
    /// (<see cref="LineReportCompleted.ReporterSubject"/>).
    /// </summary>
    public string? SubmitterSubject { get; init; }
    /// <summary>Where it is (WGS 84), when it came with a point: other services offer "me too" nearby.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public Guid? SessionId { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>
/// Staff put a request on the map: an address-only one from Open311 or LINE found its point, or a wrong pin was moved.
/// Other services' copies take the new point (the LINE chat offers "me too" near it) and community.
/// </summary>
public sealed record RequestPlaced
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    public required string Category { get; init; }
    /// <summary>The request's state when it was placed (wire code, e.g. <c>triaged</c>).</summary>
    public required string Status { get; init; }
    public string? SubmitterSubject { get; init; }
    public required Guid CommunityId { get; init; }
    public required double Latitude { get; init; }
    public required double Longitude { get; init; }
    public string? PlacedBySubject { get; init; }
    public required DateTimeOffset PlacedAt { get; init; }
}

public sealed record RequestStatusChanged
{
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    /// <summary>Null while the request is not placed in a community yet.</summary>
    public Guid? CommunityId { get; init; }
    public required string Category { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public string? Note { get; init; }
    public string? SubmitterSubject { get; init; }
    public string? ChangedBySubject { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// The submitter of a phoned-in or Open311 request (someone without an account in the registry) was erased on their
/// request (PDPA). Every service forgets what it holds about that request's submitter, as it does for PersonErased.
/// </summary>
public sealed record RequestSubmitterErased
{
    public required Guid RequestId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A plan project's stage or progress changed; the communities behind it are told.</summary>
public sealed record PlanProjectProgressed
{
    public required Guid ProjectId { get; init; }
    public required string Title { get; init; }
    /// <summary>proposed, in-plan, added-by-amendment, budgeted, in-progress, done.</summary>
    public required string Stage { get; init; }
    public required int ProgressPercent { get; init; }
    public string? Note { get; init; }
    public required IReadOnlyList<Guid> CommunityIds { get; init; }
    public required IReadOnlyList<Guid> RequestIds { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
