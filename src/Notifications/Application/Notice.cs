using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Application;

/// <summary>
/// Something that happened, as it is to be told: which template, the values it needs for each recipient
/// (in the recipient's language), and for meeting notices the calendar object to attach to a mail.
/// </summary>
public sealed record Notice
{
    /// <summary>Identifies what happened independently of the message that carried it, so a replay with a new message id is recognised too.</summary>
    public required string EventKey { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public string? Link { get; init; }

    /// <summary>The person it concerns, if not the recipient (erasure finds it by this).</summary>
    public Guid? AboutPersonId { get; init; }

    /// <summary>The template's values for a recipient, in the given language. <c>name</c> is added when absent.</summary>
    public required Func<Recipient, string, Dictionary<string, string?>> Values { get; init; }

    /// <summary>For meeting notices: the iCalendar object for a recipient's mail (they have an e-mail address).</summary>
    public Func<Recipient, string?>? Calendar { get; init; }

    public DateTimeOffset? MustArriveBefore { get; init; }
}
