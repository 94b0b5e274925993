using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Notifications.Domain;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

/// <summary>A page of a list: <c>{ items, total }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

internal static class ApiSupport
{
    public const int MaxPageSize = 100;

    public static ValidationProblem? CheckPaging(int page, int pageSize) =>
        page < 1 || pageSize < 1 || pageSize > MaxPageSize
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paging"] = [$"page must be 1 or more and pageSize between 1 and {MaxPageSize}."],
            }, title: "The paging is not valid.")
            : null;

    public static ProblemHttpResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>
/// Which inbox a call is about. <c>me</c> (default): the caller's own, by their sign-in subject.
/// <c>division</c>: the shared inbox of the division named by the caller's <c>division</c> claim (staff).
/// <c>registry</c>: the registry staff's shared inbox (staff and admins).
/// </summary>
internal sealed record Mailbox(string? Subject, string? Shared)
{
    public const string Me = "me";
    public const string Division = "division";
    public const string Registry = "registry";

    public string Owner => Subject is not null ? InboxOwner.Personal(Subject) : InboxOwner.Shared(Shared!);

    public IQueryable<InboxItem> Filter(IQueryable<InboxItem> items) => Subject is not null
        ? items.Where(i => i.RecipientSubject == Subject)
        : items.Where(i => i.SharedMailbox == Shared);

    public bool Holds(InboxItem item) => Subject is not null ? item.RecipientSubject == Subject : item.SharedMailbox == Shared;

    /// <summary>The inbox; or 400 for an unknown name; or 403 for a shared inbox the caller may not read.</summary>
    public static (Mailbox? Mailbox, ValidationProblem? Invalid, ProblemHttpResult? Forbidden) Resolve(ClaimsPrincipal user, string? name)
    {
        switch (name ?? Me)
        {
            case Me:
                return (new Mailbox(user.Subject()!, null), null, null);
            case Division when user.IsStaff():
                return user.Division() is { Length: > 0 } division
                    ? (new Mailbox(null, SharedMailboxes.Division(division)), null, null)
                    : (null, null, ApiSupport.Problem(StatusCodes.Status403Forbidden, "No division.", "Your token names no division, so there is no division inbox for you."));
            case Registry when user.IsStaff():
                return (new Mailbox(null, SharedMailboxes.Registry), null, null);
            case Division or Registry:
                return (null, null, ApiSupport.Problem(StatusCodes.Status403Forbidden, "Staff only.", "Shared inboxes are for municipal staff."));
            default:
                return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["mailbox"] = [$"mailbox is '{Me}' (default), '{Division}' or '{Registry}'."],
                }, title: "The mailbox is not valid."), null);
        }
    }
}
