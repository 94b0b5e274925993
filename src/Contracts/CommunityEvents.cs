namespace Municipal.Contracts;

// Events published by the Communities registry. Other services keep read copies built from them.
// Codes are lower-case strings so that a new value does not break an older consumer.

/// <summary>A community entered the registry (also published for each seeded community).</summary>
public sealed record CommunityRegistered
{
    public required Guid CommunityId { get; init; }
    public required string Code { get; init; }
    public required string NameTh { get; init; }
    public string? NameEn { get; init; }
    public string? Zone { get; init; }
    /// <summary><c>active</c>, <c>merged</c> or <c>dissolved</c>.</summary>
    public required string Status { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A community's details or status changed. Carries the whole new state.</summary>
public sealed record CommunityChanged
{
    public required Guid CommunityId { get; init; }
    public required string Code { get; init; }
    public required string NameTh { get; init; }
    public string? NameEn { get; init; }
    public string? Zone { get; init; }
    public required string Status { get; init; }
    public DateOnly? StatusDate { get; init; }
    public Guid? MergedInto { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A division of the municipality (e.g. Public Works) entered the registry or changed.</summary>
public sealed record DivisionRegistered
{
    public required Guid DivisionId { get; init; }
    public required string Code { get; init; }
    public required string NameTh { get; init; }
    public string? NameEn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>How a person can be reached and in which language. Personal data: handle under PDPA.</summary>
public sealed record ContactDetails
{
    public string? Email { get; init; }
    /// <summary>E.164, e.g. <c>+66812345678</c>.</summary>
    public string? PhoneE164 { get; init; }
    public string? LineUserId { get; init; }
    /// <summary><c>in-app</c>, <c>email</c>, <c>line</c> or <c>sms</c>.</summary>
    public required string PreferredChannel { get; init; }
    /// <summary><c>th</c> or <c>en</c>.</summary>
    public required string Language { get; init; }
}

public sealed record PersonRegistered
{
    public required Guid PersonId { get; init; }
    /// <summary>The sign-in subject (<c>sub</c>) of the person's account, when they have one.</summary>
    public string? Subject { get; init; }
    public string? Title { get; init; }
    public required string FirstNameTh { get; init; }
    public required string LastNameTh { get; init; }
    public string? NameEn { get; init; }
    public required ContactDetails Contact { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A person's names, account link, contact details or preferences changed. Carries the whole new state.</summary>
public sealed record PersonContactChanged
{
    public required Guid PersonId { get; init; }
    public string? Subject { get; init; }
    public string? Title { get; init; }
    public required string FirstNameTh { get; init; }
    public required string LastNameTh { get; init; }
    public string? NameEn { get; init; }
    public required ContactDetails Contact { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A person was erased (PDPA). Every service scrubs its copies of the person's personal data.</summary>
public sealed record PersonErased
{
    public required Guid PersonId { get; init; }
    public string? Subject { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A person took an office for a term.</summary>
/// <remarks>Role codes: president, vice-president, secretary, treasurer, committee-member, mayor,
/// deputy-mayor, municipal-clerk, deputy-clerk, council-member, division-head.</remarks>
public sealed record OfficeAssigned
{
    public required Guid OfficeId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Role { get; init; }
    public Guid? CommunityId { get; init; }
    public Guid? DivisionId { get; init; }
    public required DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An office's term was given an end date (or ended early).</summary>
public sealed record OfficeEnded
{
    public required Guid OfficeId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Role { get; init; }
    public Guid? CommunityId { get; init; }
    public Guid? DivisionId { get; init; }
    public required DateOnly EndDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An office's term ends within 30 days. Published once per office.</summary>
public sealed record TermEnding
{
    public required Guid OfficeId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Role { get; init; }
    public Guid? CommunityId { get; init; }
    public Guid? DivisionId { get; init; }
    public required DateOnly EndDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A signed-in account asked to be linked to its person in the registry: the one-time code to send to that person (by
/// SMS to the phone the registry holds). The code is a secret for <c>ExpiresAt</c> minutes: never log it.
/// </summary>
public sealed record AccountClaimCodeIssued
{
    public required Guid ClaimId { get; init; }
    public required Guid PersonId { get; init; }
    public required string Code { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
