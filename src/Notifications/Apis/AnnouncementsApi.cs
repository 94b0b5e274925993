using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.Notifications.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;

namespace Municipal.Notifications.Apis;

/// <summary>The body of <c>POST /api/notifications/announcements</c>.</summary>
public sealed record AnnouncementRequest(string? Audience, Guid? CommunityId, Guid? SessionId, string? Title, string? Message);

/// <summary>An announcement as its sender sees it: whom it was for, how many, and per channel how many it reached (never who).</summary>
public sealed record AnnouncementView(
    Guid Id, string Audience, Guid? CommunityId, Guid? SessionId, string Title, string Message, DateTimeOffset SentAt, int Recipients, int Reached,
    IReadOnlyList<ChannelReach> Channels)
{
    public static AnnouncementView From(AnnouncementReport r) => new(
        r.Announcement.Id, r.Announcement.Audience, r.Announcement.CommunityId, r.Announcement.SessionId, r.Announcement.Title, r.Announcement.Message,
        r.Announcement.SentAt, r.Announcement.Recipients, r.Reached, r.Channels);
}

/// <summary>What sending an announcement needs besides the body: the one use case, the idempotent flow, how answers are written.</summary>
public sealed record AnnounceServices(Announcements Announcements, IdempotentCreates<NotificationsDbContext> Creates, IOptions<JsonOptions> Json);

/// <summary>Announcements from staff to all leaders, one community's office holders, or a session's registrants.</summary>
public static class AnnouncementsApi
{
    public static RouteGroupBuilder MapAnnouncementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/announcements").WithTags("Announcements").RequireAuthorization(Policies.Staff);

        api.MapPost("", SendAsync)
            .WithName("SendAnnouncement")
            .WithSummary("Send a message to all community leaders (audience all-leaders), one community's office holders (community) or a session's registrants (session), on each person's channel; an Idempotency-Key makes a retry safe.")
            .Produces<AnnouncementView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("", ListAsync)
            .WithName("ListAnnouncements")
            .WithSummary("Announcements, newest first, each with how many it reached on which channel.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAnnouncement")
            .WithSummary("One announcement: how many people it was for, and per channel how many were reached, are waiting (quiet hours) or failed.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<IResult> SendAsync(
        AnnouncementRequest body, HttpRequest http, ClaimsPrincipal user, [AsParameters] AnnounceServices services, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var json = services.Json.Value.SerializerOptions;
        var key = IdempotencyKey.Read(http, caller.Subject ?? "", "announcement:" + JsonSerializer.Serialize(body, json));
        if (!key.Succeeded)
        {
            return key.Refusal!.ToProblem();
        }

        return await services.Creates.RunAsync(key.Value,
            token => services.Announcements.SendAsync(new AnnouncementDraft(body.Audience, body.CommunityId, body.SessionId, body.Title, body.Message), caller, token),
            report => new StoredAnswer(StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(AnnouncementView.From(report), json), $"/api/notifications/announcements/{report.Announcement.Id}", report.Announcement.Id),
            refusal => refusal.ToProblem(),
            cancellationToken);
    }

    internal static async Task<Results<Ok<Page<AnnouncementView>>, ProblemHttpResult>> ListAsync(
        Announcements announcements, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var listed = await announcements.ListAsync(page, pageSize, cancellationToken);
        return listed.Succeeded
            ? TypedResults.Ok(new Page<AnnouncementView>(listed.Value!.Items.Select(AnnouncementView.From).ToList(), listed.Value.Total))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<AnnouncementView>, ProblemHttpResult>> GetAsync(Guid id, Announcements announcements, CancellationToken cancellationToken)
    {
        var found = await announcements.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(AnnouncementView.From(found.Value!)) : found.Refusal!.ToProblem();
    }
}
