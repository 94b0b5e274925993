using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using System.Globalization;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Notifications.Application;

public sealed record QuietHoursView(string Start, string End);

public sealed record ChannelView(string Channel, bool Configured, bool Reachable);

public sealed record PreferencesView(
    string PreferredChannel, string Language, QuietHoursView QuietHours, bool QuietHoursChosen,
    IReadOnlyList<ChannelView> Channels, bool LineLinked, bool InRegistry);

/// <summary>What a person may set. Every field is optional; null clears the choice.</summary>
public sealed record PreferencesInput(string? PreferredChannel, string? Language, QuietHoursView? QuietHours);

public sealed record LineLinkCodeView(string Code, DateTimeOffset ExpiresAt, string? AddFriendUrl, string Instructions);

/// <summary>
/// A person's own notification preferences, by their sign-in subject (nobody reads or changes another's).
/// A choice made here wins over the registry's copy until it is cleared with <c>null</c>.
/// </summary>
public sealed class PreferencesService(
    NotificationsDbContext db, RecipientDirectory directory, DeliveryDispatcher dispatcher,
    IOptions<QuietHoursOptions> quietHours, IOptions<LineOptions> line, TimeProvider time)
{
    public const string LinkInstructions =
        "Add the municipality's LINE official account as a friend, then send it this code as a message. / เพิ่มเพื่อนบัญชี LINE ทางการของเทศบาล แล้วส่งรหัสนี้เป็นข้อความ";

    public async Task<PreferencesView> GetAsync(string subject, CancellationToken cancellationToken)
    {
        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        var recipient = await directory.SubjectAsync(subject, cancellationToken);
        return View(recipient, preference);
    }

    public async Task<Result<PreferencesView>> ChooseAsync(string subject, PreferencesInput input, CancellationToken cancellationToken)
    {
        var window = Validate(input);
        if (!window.Succeeded)
        {
            return window.Refusal!;
        }

        var preference = await db.Preferences.FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        var recipient = await directory.SubjectAsync(subject, cancellationToken);
        if (input.PreferredChannel is { } channel && !recipient.CanBeReachedBy(channel))
        {
            return channel == ChannelCodes.Line
                ? Refusal.Of(NotificationsProblems.LineNotLinked, "No line address.",
                    "Link your LINE account first: POST /api/notifications/preferences/line-link and send the code to the official account.")
                : Refusal.Of(NotificationsProblems.NoContactAddress, $"No {channel} address.",
                    $"The registry holds no {channel} address for you; update your contact details there first.").With("channel", channel);
        }

        if (preference is null)
        {
            preference = NotificationPreference.For(subject, time.GetUtcNow());
            db.Preferences.Add(preference);
        }

        preference.Choose(input.PreferredChannel, input.Language, window.Value, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        recipient = await directory.SubjectAsync(subject, cancellationToken);
        return View(recipient, preference);
    }

    /// <summary>A one-time code to send to the LINE official account; a new code replaces any code not yet used.</summary>
    public async Task<Result<LineLinkCodeView>> IssueLineLinkCodeAsync(string subject, CancellationToken cancellationToken)
    {
        var options = line.Value;
        if (!options.CanReceive)
        {
            return Refusal.Of(NotificationsProblems.LineUnavailable, detail:
                "The municipality's LINE official account is not configured here, so no LINE account can be linked.");
        }

        await db.LineLinkCodes.Where(c => c.Subject == subject && c.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        var (record, code) = LineLinkCode.Issue(subject, time.GetUtcNow(), options.LinkCodeLifetime);
        db.LineLinkCodes.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new LineLinkCodeView(code, record.ExpiresAt, options.AddFriendUrl, LinkInstructions);
    }

    /// <summary>The quiet hours chosen (null: none chosen), or the fields at fault.</summary>
    private static Result<QuietHours?> Validate(PreferencesInput input)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (input.PreferredChannel is not null && !Channels.IsKnown(input.PreferredChannel))
        {
            errors["preferredChannel"] = [FieldError.NotOneOf(Channels.All, $"preferredChannel is one of {string.Join(", ", Channels.All)}, or null.")];
        }

        if (input.Language is not null && !Languages.All.Contains(input.Language))
        {
            errors["language"] = [FieldError.NotOneOf(["th", "en"], "language is 'th' or 'en', or null.")];
        }

        QuietHours? window = null;
        if (input.QuietHours is { } q)
        {
            if (!TryTime(q.Start, out var start) || !TryTime(q.End, out var end))
            {
                errors["quietHours"] = [FieldError.BadFormat(FieldFormats.TimeOfDay, "quietHours.start and quietHours.end are times of day as HH:mm, e.g. 21:00 and 07:00.")];
            }
            else if (start == end)
            {
                errors["quietHours"] = [FieldError.Rule(FieldErrorCodes.SameTimes, "quietHours.start and quietHours.end must differ (send null to use the default).")];
            }
            else
            {
                window = new QuietHours(start, end);
            }
        }

        return errors.Count > 0 ? Refusal.Invalid(errors, "The preferences are not valid.") : window;
    }

    private PreferencesView View(Recipient recipient, NotificationPreference? preference)
    {
        var window = preference?.QuietHours ?? quietHours.Value.Window;
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
