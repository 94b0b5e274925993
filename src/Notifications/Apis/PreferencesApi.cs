using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults;
using System.Globalization;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

/// <summary>
/// A person's own notification preferences (by the token's subject; nobody reads or changes another's).
/// A choice made here wins over the registry's copy until it is cleared with <c>null</c>.
/// </summary>
public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/preferences")
            .WithTags("Preferences")
            .RequireAuthorization(Policies.SignedIn);

        api.MapGet("", GetAsync)
            .WithName("GetPreferences")
            .WithSummary("The caller's own preferences: channel, language, quiet hours, and which channels can reach them.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPut("", PutAsync)
            .WithName("PutPreferences")
            .WithSummary("Sets the caller's own preferences; null clears a choice (the registry's or the default applies).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/line-link", IssueLineLinkCodeAsync)
            .WithName("IssueLineLinkCode")
            .WithSummary("A one-time code to send to the municipality's LINE official account, which links that LINE account to the caller.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public sealed record QuietHoursView(string Start, string End);

    public sealed record ChannelView(string Channel, bool Configured, bool Reachable);

    public sealed record PreferencesView(
        string PreferredChannel, string Language, QuietHoursView QuietHours, bool QuietHoursChosen,
        IReadOnlyList<ChannelView> Channels, bool LineLinked, bool InRegistry);

    /// <summary>What a person may set. Every field is optional; null clears the choice.</summary>
    public sealed record PreferencesInput(string? PreferredChannel, string? Language, QuietHoursView? QuietHours);

    public sealed record LineLinkCodeView(string Code, DateTimeOffset ExpiresAt, string? AddFriendUrl, string Instructions);

    internal static async Task<Ok<PreferencesView>> GetAsync(
        ClaimsPrincipal user, NotificationsDbContext db, RecipientDirectory directory, DeliveryDispatcher dispatcher,
        IOptions<QuietHoursOptions> quietHours, CancellationToken cancellationToken)
    {
        var subject = user.Subject()!;
        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        var recipient = await directory.SubjectAsync(subject, cancellationToken);
        return TypedResults.Ok(View(recipient, preference, dispatcher, quietHours.Value));
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        PreferencesInput input, ClaimsPrincipal user, NotificationsDbContext db, RecipientDirectory directory, DeliveryDispatcher dispatcher,
        IOptions<QuietHoursOptions> quietHours, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.PreferredChannel is not null && !Channels.IsKnown(input.PreferredChannel))
        {
            errors["preferredChannel"] = [$"preferredChannel is one of {string.Join(", ", Channels.All)}, or null."];
        }

        if (input.Language is not null && !Languages.All.Contains(input.Language))
        {
            errors["language"] = ["language is 'th' or 'en', or null."];
        }

        QuietHours? window = null;
        if (input.QuietHours is { } q)
        {
            if (!TryTime(q.Start, out var start) || !TryTime(q.End, out var end))
            {
                errors["quietHours"] = ["quietHours.start and quietHours.end are times of day as HH:mm, e.g. 21:00 and 07:00."];
            }
            else if (start == end)
            {
                errors["quietHours"] = ["quietHours.start and quietHours.end must differ (send null to use the default)."];
            }
            else
            {
                window = new QuietHours(start, end);
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The preferences are not valid.");
        }

        var subject = user.Subject()!;
        var preference = await db.Preferences.FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        var recipient = await directory.SubjectAsync(subject, cancellationToken);
        var reachable = input.PreferredChannel is null or ChannelCodes.InApp
            || (input.PreferredChannel == ChannelCodes.Line ? (preference?.LinkedLineUserId ?? recipient.LineUserId) is not null : recipient.CanBeReachedBy(input.PreferredChannel));
        if (!reachable)
        {
            return ApiSupport.Problem(StatusCodes.Status422UnprocessableEntity, $"No {input.PreferredChannel} address.",
                input.PreferredChannel == ChannelCodes.Line
                    ? "Link your LINE account first: POST /api/notifications/preferences/line-link and send the code to the official account."
                    : $"The registry holds no {input.PreferredChannel} address for you; update your contact details there first.");
        }

        if (preference is null)
        {
            preference = NotificationPreference.For(subject, time.GetUtcNow());
            db.Preferences.Add(preference);
        }

        preference.Choose(input.PreferredChannel, input.Language, window, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        recipient = await directory.SubjectAsync(subject, cancellationToken);
        return TypedResults.Ok(View(recipient, preference, dispatcher, quietHours.Value));
    }

    internal static async Task<Results<Created<LineLinkCodeView>, ProblemHttpResult>> IssueLineLinkCodeAsync(
        ClaimsPrincipal user, NotificationsDbContext db, IOptions<LineOptions> line, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!line.Value.CanReceive)
        {
            return ApiSupport.Problem(StatusCodes.Status409Conflict, "LINE is not available.",
                "The municipality's LINE official account is not configured here, so no LINE account can be linked.");
        }

        var subject = user.Subject()!;
        var now = time.GetUtcNow();
        // A new code replaces any code not yet used.
        await db.LineLinkCodes.Where(c => c.Subject == subject && c.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        var (record, code) = LineLinkCode.Issue(subject, now, line.Value.LinkCodeLifetime);
        db.LineLinkCodes.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created("/api/notifications/preferences", new LineLinkCodeView(
            code, record.ExpiresAt, line.Value.AddFriendUrl,
            "Add the municipality's LINE official account as a friend, then send it this code as a message. / เพิ่มเพื่อนบัญชี LINE ทางการของเทศบาล แล้วส่งรหัสนี้เป็นข้อความ"));
    }

    private static PreferencesView View(Recipient recipient, NotificationPreference? preference, DeliveryDispatcher dispatcher, QuietHoursOptions defaults)
    {
        var window = preference?.QuietHours ?? defaults.Window;
        return new PreferencesView(
            recipient.PreferredChannel,
            recipient.Language,
            new QuietHoursView(Format(window.Start), Format(window.End)),
            preference?.QuietHours is not null,
            Channels.All.Select(c => new ChannelView(c, dispatcher.IsConfigured(c), c == ChannelCodes.InApp || recipient.CanBeReachedBy(c))).ToList(),
            preference?.LinkedLineUserId is not null,
            recipient.PersonId is not null);
    }

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
