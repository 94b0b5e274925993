using Municipal.Edge;
using Municipal.Notifications.Domain;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Notifications.Application;

/// <summary>
/// Which inbox a call is about. <c>me</c> (default): the caller's own, by their sign-in subject.
/// <c>division</c>: the shared inbox of the division named by the caller's <c>division</c> claim (staff).
/// <c>registry</c>: the registry staff's shared inbox (staff and admins).
/// </summary>
public static class Mailboxes
{
    public const string Me = "me";
    public const string Division = "division";
    public const string Registry = "registry";

    /// <summary>The inbox; a 400 for an unknown name; a 403 for a shared inbox the caller may not read.</summary>
    public static Result<Mailbox> Resolve(Caller caller, string? name) => (name ?? Me) switch
    {
        Me when caller.Subject is { } subject => Mailbox.Personal(subject),
        Me => Refusal.Of(ProblemTypes.Unauthorized),
        Division or Registry when !caller.IsStaff => Refusal.Of(NotificationsProblems.SharedInboxStaffOnly,
            detail: "Shared inboxes are for municipal staff."),
        Division => InboxAccess.DivisionMailboxOf(caller) is { } division
            ? Mailbox.SharedInbox(division)
            : Refusal.Of(NotificationsProblems.NoDivision, detail: "Your token names no division, so there is no division inbox for you."),
        Registry => Mailbox.SharedInbox(SharedMailboxes.Registry),
        _ => Refusal.Invalid("mailbox", FieldError.NotOneOf([Me, Division, Registry], $"mailbox is '{Me}' (default), '{Division}' or '{Registry}'."), "The mailbox is not valid."),
    };
}
