namespace Municipal.Contracts;

// Events published by Notifications, which runs the municipality's LINE chat: what residents tell the
// municipality there. Requests turns them into requests and supports (docs/requests.md, "Reporting through LINE").

/// <summary>
/// A resident finished a report in the LINE chat. Requests takes it in as a request whose id is
/// <see cref="ReportId"/> (once, however often the event arrives), fetching the photos from LINE's content API.
/// </summary>
public sealed record LineReportCompleted
{
    /// <summary>Chosen by the chat; the request's id.</summary>
    public required Guid ReportId { get; init; }

    /// <summary>
    /// Who reported it: <c>line:</c> and an opaque id that only Notifications maps to a LINE user id. The request's
    /// submitter subject; personal data (an alias of the LINE account).
    /// </summary>
    public required string ReporterSubject { get; init; }

    /// <summary>Category code, e.g. <c>road</c>.</summary>
    public required string Category { get; init; }

    /// <summary>What the resident typed, when they did not skip it.</summary>
    public string? Description { get; init; }

    /// <summary>The pin they sent (inside the municipality), or null when they described the place in words.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>The place in words: the address LINE gave with the pin, or what they typed instead of a pin.</summary>
    public string? AddressText { get; init; }

    /// <summary>LINE message ids of their photos (0–3), in the order sent; fetched from LINE's content API.</summary>
    public IReadOnlyList<string> PhotoMessageIds { get; init; } = [];

    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>A LINE reporter tapped "me too" on an open request nearby instead of filing a new one.</summary>
public sealed record LineSupportGiven
{
    public required Guid RequestId { get; init; }

    /// <summary>The reporter's <c>line:…</c> subject.</summary>
    public required string SupporterSubject { get; init; }

    public required DateTimeOffset GivenAt { get; init; }
}

/// <summary>A LINE reporter asked to be forgotten (PDPA): every service scrubs what it holds of that subject.</summary>
public sealed record LineReporterErased
{
    /// <summary>The reporter's <c>line:…</c> subject.</summary>
    public required string ReporterSubject { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
