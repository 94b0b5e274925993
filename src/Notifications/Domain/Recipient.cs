using Municipal.Contracts;

namespace Municipal.Notifications.Domain;

/// <summary>
/// Someone a notice is for, with what is needed to reach them: a person of the registry copy, a
/// signed-in subject the registry does not know (in-app only), or a shared staff inbox.
/// </summary>
public sealed record Recipient
{
    public required string Key { get; init; }

    public Guid? PersonId { get; init; }

    /// <summary>Sign-in subject: whose in-app inbox. A person without one has no inbox.</summary>
    public string? Subject { get; init; }

    /// <summary>A shared staff inbox (<c>division:{code}</c>, <c>registry</c>): in-app only, Thai.</summary>
    public string? SharedMailbox { get; init; }

    public string Language { get; init; } = Languages.Thai;

    public string PreferredChannel { get; init; } = ChannelCodes.InApp;

    public string? Email { get; init; }

    public string? PhoneE164 { get; init; }

    public string? LineUserId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>The person's own quiet hours, when they chose them; otherwise the service's.</summary>
    public QuietHours? QuietHours { get; init; }

    public bool HasInbox => Subject is not null || SharedMailbox is not null;

    public static Recipient ForPerson(Person person, NotificationPreference? preference)
    {
        var language = Languages.Normalize(preference?.Language ?? person.Language);
        return new Recipient
        {
            Key = PersonKey(person.Id),
            PersonId = person.Id,
            Subject = person.Subject,
            Language = language,
            PreferredChannel = preference?.PreferredChannel ?? person.PreferredChannel,
            Email = person.Email,
            PhoneE164 = person.PhoneE164,
            LineUserId = preference?.LinkedLineUserId ?? person.LineUserId,
            DisplayName = person.DisplayName(language),
            QuietHours = preference?.QuietHours,
        };
    }

    /// <summary>A signed-in person the registry copy does not hold (yet): their inbox, in their chosen language.</summary>
    public static Recipient ForSubject(string subject, NotificationPreference? preference) => new()
    {
        Key = $"subject:{subject}",
        Subject = subject,
        Language = Languages.Normalize(preference?.Language),
        PreferredChannel = ChannelCodes.InApp,
        LineUserId = preference?.LinkedLineUserId,
        QuietHours = preference?.QuietHours,
    };

    /// <summary>
    /// A LINE reporter (their <c>line:…</c> subject): reached on LINE only, in Thai, without an inbox (they have no
    /// sign-in). Null when they were erased: nobody is there to tell.
    /// </summary>
    public static Recipient ForLineReporter(string subject, string lineUserId) => new()
    {
        Key = LineReporterKey(subject),
        Language = Languages.Thai,
        PreferredChannel = ChannelCodes.Line,
        LineUserId = lineUserId,
    };

    public static string LineReporterKey(string subject) => $"line-reporter:{subject}";

    public static Recipient ForMailbox(string mailbox) => new()
    {
        Key = $"mailbox:{mailbox}",
        SharedMailbox = mailbox,
        Language = Languages.Thai,
    };

    public static string PersonKey(Guid personId) => $"person:{personId}";

    public string? AddressFor(string channel) => channel switch
    {
        ChannelCodes.Email => Email,
        ChannelCodes.Line => LineUserId,
        ChannelCodes.Sms => PhoneE164,
        ChannelCodes.InApp => Subject ?? SharedMailbox,
        _ => null,
    };

    public bool CanBeReachedBy(string channel) => AddressFor(channel) is not null;
}

/// <summary>Shared staff inboxes: who reads them is decided by the token (see docs/notifications.md).</summary>
public static class SharedMailboxes
{
    /// <summary>Registry staff: every staff member and admin.</summary>
    public const string Registry = "registry";

    /// <summary>A division's staff: staff whose token carries that <c>division</c> claim, and admins.</summary>
    public static string Division(string code) => $"division:{code}";
}

/// <summary>Which channels a notice takes to one recipient.</summary>
public static class ChannelPlan
{
    /// <summary>
    /// The in-app inbox always, when the recipient has one; plus the preferred channel when it is another
    /// and an address for it is known. Someone with no inbox gets the preferred channel, or else the first
    /// outside channel that reaches them. Nobody reachable: no channel.
    /// </summary>
    public static IReadOnlyList<string> For(Recipient recipient)
    {
        if (recipient.SharedMailbox is not null)
        {
            return [ChannelCodes.InApp];
        }

        var channels = new List<string>();
        if (recipient.Subject is not null)
        {
            channels.Add(ChannelCodes.InApp);
        }

        if (recipient.PreferredChannel != ChannelCodes.InApp && recipient.CanBeReachedBy(recipient.PreferredChannel))
        {
            channels.Add(recipient.PreferredChannel);
        }
        else if (channels.Count == 0 && Channels.Outside.FirstOrDefault(recipient.CanBeReachedBy) is { } other)
        {
            channels.Add(other);
        }

        return channels;
    }

    /// <summary>
    /// Whether a plan's deliveries carry the notice's calendar entry (an .ics for a meeting): only its e-mail does, so a
    /// plan without e-mail carries none, and the notice's text says nothing of an attachment.
    /// </summary>
    public static bool CarriesCalendar(IReadOnlyList<string> plan) => plan.Contains(ChannelCodes.Email);

    /// <summary>
    /// Where a notice goes when its channel is not configured: the in-app inbox if the recipient has one,
    /// else the first other configured channel that reaches them; <c>null</c> when nothing does.
    /// </summary>
    public static string? FallbackFor(Recipient recipient, string unavailable, Func<string, bool> isConfigured)
    {
        if (recipient.HasInbox)
        {
            return ChannelCodes.InApp;
        }

        return Channels.Outside.FirstOrDefault(c => c != unavailable && isConfigured(c) && recipient.CanBeReachedBy(c));
    }
}
