using Municipal.ServiceDefaults.Problems;

namespace Municipal.Notifications.Application;

/// <summary>The kinds of refusal of the Notifications service (docs/notifications.md, "Problem kinds").</summary>
public static class NotificationsProblems
{
    /// <summary>403: a shared inbox (<c>?mailbox=division|registry</c>) asked for by someone who is not staff.</summary>
    public static readonly ProblemType SharedInboxStaffOnly = new("shared-inbox-staff-only", 403, "Shared inboxes are for municipal staff.");

    /// <summary>403: the division inbox asked for with a token that names no division.</summary>
    public static readonly ProblemType NoDivision = new("no-division", 403, "Your token names no division.");

    /// <summary>409: a retry of a delivery that has not failed; <c>deliveryStatus</c> is its status (e.g. <c>sent</c>).</summary>
    public static readonly ProblemType DeliveryNotFailed = new("delivery-not-failed", 409, "Only a failed delivery can be retried.");

    /// <summary>409: a retry of a failed delivery whose words are gone (the person was erased, or it outlived its retention).</summary>
    public static readonly ProblemType DeliveryEmptied = new("delivery-emptied", 409, "What this delivery said is no longer kept.");

    /// <summary>409: a LINE link code asked for where the municipality's LINE official account is not configured.</summary>
    public static readonly ProblemType LineUnavailable = new("line-unavailable", 409, "LINE is not available.");

    /// <summary>422: LINE chosen as the preferred channel before a LINE account was linked.</summary>
    public static readonly ProblemType LineNotLinked = new("line-not-linked", 422, "Link your LINE account first.");

    /// <summary>422: e-mail or SMS chosen while the registry holds no such address; <c>channel</c> is the channel.</summary>
    public static readonly ProblemType NoContactAddress = new("no-contact-address", 422, "There is no address for this channel.");

    /// <summary>401: a LINE webhook call without a valid <c>X-Line-Signature</c>.</summary>
    public static readonly ProblemType LineSignatureInvalid = new("line-signature-invalid", 401, "The LINE signature is missing or wrong.");

    /// <summary>422: an announcement whose audience holds nobody the service can reach (no office holders, no registrants).</summary>
    public static readonly ProblemType NoRecipients = new("no-recipients", 422, "Nobody would receive it.");
}
