using Municipal.Edge;

namespace Municipal.Notifications.Domain;

/// <summary>An in-app inbox: a person's own (by sign-in subject), or a shared staff inbox (<see cref="SharedMailboxes"/>).</summary>
public sealed record Mailbox
{
    private Mailbox(string? subject, string? shared)
    {
        Subject = subject;
        Shared = shared;
    }

    /// <summary>Whose personal inbox; null for a shared one.</summary>
    public string? Subject { get; }

    /// <summary>The shared inbox, e.g. <c>division:public-works</c>; null for a personal one.</summary>
    public string? Shared { get; }

    public static Mailbox Personal(string subject) => new(subject, null);

    public static Mailbox SharedInbox(string mailbox) => new(null, mailbox);

    public string Owner => Subject is not null ? InboxOwner.Personal(Subject) : InboxOwner.Shared(Shared!);

    public IQueryable<InboxItem> Filter(IQueryable<InboxItem> items) => Subject is not null
        ? items.Where(i => i.RecipientSubject == Subject)
        : items.Where(i => i.SharedMailbox == Shared);
}

/// <summary>
/// Who reads which inbox: everyone their own; staff (and admins) the registry's shared inbox; staff whose token
/// names a division that division's shared inbox. A shared inbox is decided by the token alone (docs/notifications.md).
/// </summary>
public static class InboxAccess
{
    /// <summary>The shared inbox of the caller's division, or null when the token names none.</summary>
    public static string? DivisionMailboxOf(Caller caller) => caller.Division is { } division ? SharedMailboxes.Division(division) : null;

    public static bool MayReadShared(Caller caller, string mailbox) =>
        caller.IsStaff && (mailbox == SharedMailboxes.Registry || mailbox == DivisionMailboxOf(caller));

    /// <summary>One's own entries, and those of a shared inbox one may read.</summary>
    public static bool MayRead(Caller caller, InboxItem item) => item.SharedMailbox is { } shared
        ? MayReadShared(caller, shared)
        : caller.Subject is not null && item.RecipientSubject == caller.Subject;
}
