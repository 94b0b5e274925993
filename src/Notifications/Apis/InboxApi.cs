using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

public static class InboxApi
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/inbox")
            .WithTags("Inbox")
            .RequireAuthorization(Policies.SignedIn);

        api.MapGet("", ListAsync)
            .WithName("ListInbox")
            .WithSummary("The caller's own notifications, unread first, newest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return api;
    }

    public sealed record InboxItemView(
        Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? TraceId)
    {
        public static InboxItemView From(InboxItem i) => new(i.Id, i.Kind, i.Title, i.Body, i.Link, i.CreatedAt, i.ReadAt, i.TraceId);
    }

    public sealed record InboxPage(IReadOnlyList<InboxItemView> Items, int Total, int Unread);

    internal static async Task<Results<Ok<InboxPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paging"] = [$"page must be 1 or more and pageSize between 1 and {MaxPageSize}."],
            });
        }

        var subject = user.Subject()!;
        var mine = db.InboxItems.AsNoTracking().Where(i => i.RecipientSubject == subject);
        var total = await mine.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(i => i.ReadAt == null, cancellationToken);
        var items = await mine
            .OrderBy(i => i.ReadAt == null ? 0 : 1).ThenByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new InboxPage(items.Select(InboxItemView.From).ToList(), total, unread));
    }
}
