namespace Municipal.Contracts;

// Proof of the fix: after a request is resolved, its submitter is asked whether it was really fixed, with a
// rating. Requests asks (RequestFeedbackRequested), Notifications puts the question on the submitter's own
// channel, and the answer comes back either through Requests' web route or, from a chat on LINE, as
// RequestFeedbackGiven published by Notifications. Both go through the one rule in Requests; it publishes
// RequestFeedbackRecorded once an answer counted. Meaning of every field: docs/requests.md, "Proof of the fix".

/// <summary>
/// Requests asks the submitter of a resolved request whether it was really fixed. Published once per resolution
/// (<see cref="Round"/>), a configurable time after it; Notifications tells the submitter on their own channel.
/// </summary>
public sealed record RequestFeedbackRequested
{
    public required Guid RequestId { get; init; }
    /// <summary>The number people quote, e.g. <c>R2570-0A1B2C3D</c>.</summary>
    public required string Number { get; init; }
    /// <summary>Null while the request is not placed in a community (an address only, from Open311 or LINE).</summary>
    public Guid? CommunityId { get; init; }
    /// <summary>Category code, e.g. <c>drainage</c>.</summary>
    public required string Category { get; init; }
    /// <summary>The division that resolved it (code), e.g. <c>public-works</c>.</summary>
    public required string DivisionCode { get; init; }
    /// <summary>The submitter's own title of the request.</summary>
    public required string Title { get; init; }
    /// <summary>How the request came in: <c>web</c>, <c>mobile</c>, <c>phone</c>, <c>meeting</c>, <c>open311</c> (or a channel added later, e.g. <c>line</c>).</summary>
    public required string RequestChannel { get; init; }
    /// <summary>The submitter's sign-in subject, when they have one: the person to ask.</summary>
    public string? SubmitterSubject { get; init; }
    /// <summary>The registry's person, for a phoned-in request that named one.</summary>
    public Guid? SubmitterPersonId { get; init; }
    /// <summary>Which resolution is asked about: 1 for the first, 2 after a reopen and a second resolution… An answer names it.</summary>
    public required int Round { get; init; }
    public required DateTimeOffset ResolvedAt { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
    /// <summary>The last moment an answer counts; a later one is refused.</summary>
    public required DateTimeOffset AnswerBy { get; init; }
}

/// <summary>
/// The submitter's answer, given outside Requests (a LINE chat): Notifications publishes it and Requests applies it
/// with the same rule as its web route. <see cref="Fixed"/> false reopens the request. An answer is applied once per
/// <see cref="FeedbackId"/>, and one answer counts per request and round.
/// </summary>
public sealed record RequestFeedbackGiven
{
    /// <summary>The answer's own id, chosen by whoever took it: a repeat with the same id changes nothing.</summary>
    public required Guid FeedbackId { get; init; }
    public required Guid RequestId { get; init; }
    /// <summary>The round of <see cref="RequestFeedbackRequested"/> it answers; null for the request's current one.</summary>
    public int? Round { get; init; }
    /// <summary>Whether the problem was really fixed. False reopens the request.</summary>
    public required bool Fixed { get; init; }
    /// <summary>1 (poor) to 5 (very good), or null when the person gave none.</summary>
    public int? Rating { get; init; }
    /// <summary>What the person added in words (at most 1,000 characters), or null.</summary>
    public string? Comment { get; init; }
    /// <summary>The channel the answer came by: <c>line</c>, <c>sms</c>, <c>email</c>, <c>in-app</c> (the web route records <c>web</c>).</summary>
    public required string Channel { get; init; }
    /// <summary>The sign-in subject of whoever answered, when known; it must be the submitter's.</summary>
    public string? RespondentSubject { get; init; }
    public required DateTimeOffset GivenAt { get; init; }
}

/// <summary>An answer counted (from the web or from <see cref="RequestFeedbackGiven"/>); when it says not fixed, the request was reopened.</summary>
public sealed record RequestFeedbackRecorded
{
    public required Guid FeedbackId { get; init; }
    public required Guid RequestId { get; init; }
    public required string Number { get; init; }
    /// <summary>Null while the request is not placed in a community (an address only, from Open311 or LINE).</summary>
    public Guid? CommunityId { get; init; }
    public required string Category { get; init; }
    public required string DivisionCode { get; init; }
    public required int Round { get; init; }
    public required bool Fixed { get; init; }
    public int? Rating { get; init; }
    public required string Channel { get; init; }
    /// <summary>The answer said not fixed and the request went back to <c>in-progress</c>.</summary>
    public required bool Reopened { get; init; }
    public required DateTimeOffset GivenAt { get; init; }
}
