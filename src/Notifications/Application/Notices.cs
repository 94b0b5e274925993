using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Rendering;
using Municipal.Notifications.Sending;
using System.Globalization;

namespace Municipal.Notifications.Application;

/// <summary>
/// What each event is to say: the template, the values in the recipient's language, and the key that
/// identifies the event itself (so a replay under a new message id is still the same event).
/// </summary>
public sealed class Notices(TemplateLibrary templates, IOptions<EmailOptions> email, TimeProvider time)
{
    public const string InvitationIssued = "invitation-issued";
    public const string RegistrationConfirmed = "registration-confirmed";
    public const string RegistrationWaitlisted = "registration-waitlisted";
    public const string RegistrationPromoted = "registration-promoted";
    public const string RegistrationCancelled = "registration-cancelled";
    public const string SessionRescheduled = "session-rescheduled";
    public const string SessionCancelled = "session-cancelled";
    public const string SessionReminder = "session-reminder";
    public const string RequestSubmitted = "request-submitted";
    public const string RequestSubmittedDivision = "request-submitted-division";
    public const string RequestStatusChanged = "request-status-changed";
    public const string RequestStatusChangedCommunity = "request-status-changed-community";
    public const string PlanProjectProgressed = "plan-project-progressed";
    public const string TermEnding = "term-ending";
    public const string TermEndingRegistry = "term-ending-registry";
    public const string LineLinked = "line-linked";
    public const string AccountClaimCode = "account-claim-code";

    /// <summary>
    /// The link of every meeting notice. A session has no page of its own in the web client: a person's registrations,
    /// their codes and the schedule are all on <c>/meetings</c>.
    /// </summary>
    private const string MeetingsPage = "/meetings";

    public Notice Invitation(Contracts.InvitationIssued m) => new()
    {
        EventKey = Key(InvitationIssued, m.InvitationId, m.OccurredAt),
        Kind = InvitationIssued,
        OccurredAt = m.OccurredAt,
        Link = MeetingsPage,
        Values = (_, language) => Session(m.Session, language),
    };

    public Notice Confirmed(Contracts.RegistrationConfirmed m) => Registration(
        RegistrationConfirmed, m.RegistrationId, m.Code, m.Session, m.OccurredAt, MeetingInvite.Request);

    public Notice Promoted(Contracts.RegistrationPromoted m) => Registration(
        RegistrationPromoted, m.RegistrationId, m.Code, m.Session, m.OccurredAt, MeetingInvite.Request);

    public Notice Waitlisted(Contracts.RegistrationWaitlisted m) => Registration(
        RegistrationWaitlisted, m.RegistrationId, m.Code, m.Session, m.OccurredAt, method: null,
        extra: v => v["position"] = m.Position.ToString(CultureInfo.InvariantCulture));

    /// <summary>A confirmed seat given up takes the session out of the person's calendar; a waitlist place had put nothing there.</summary>
    public Notice Cancelled(Contracts.RegistrationCancelled m) => Registration(
        RegistrationCancelled, m.RegistrationId, m.Code, m.Session, m.OccurredAt,
        m.PreviousStatus == SessionRegistration.Confirmed ? MeetingInvite.Cancel : null);

    public Notice Rescheduled(Contracts.SessionRescheduled m, IReadOnlyDictionary<Guid, SessionRegistration> registrations) => new()
    {
        EventKey = $"{SessionRescheduled}:{m.Session.SessionId}:{m.Session.Sequence}:{m.OccurredAt.UtcTicks}",
        Kind = SessionRescheduled,
        OccurredAt = m.OccurredAt,
        Link = MeetingsPage,
        Values = (recipient, language) =>
        {
            var values = Session(m.Session, language);
            values["previous.when"] = DateText.DateAndTime(m.PreviousStartsAt, language);
            values["previous.until"] = DateText.Time(m.PreviousEndsAt);
            values["previous.venue"] = m.PreviousVenueName;
            values["code"] = registrations.GetValueOrDefault(recipient.PersonId ?? Guid.Empty)?.Code;
            // The sentence about the attached calendar entry, only for someone whose mail carries one (the html section,
            // which only a mail shows: the text section is also their inbox entry, which has no attachment).
            values["calendar.attached"] = MailCarriesCalendar(registrations, recipient)
                ? templates.Label(language, "calendar.rescheduled", "")
                : null;
            return values;
        },
        Calendar = recipient => IsConfirmed(registrations, recipient)
            ? Calendar(recipient, m.Session, MeetingInvite.Request, registrations[recipient.PersonId!.Value].Code)
            : null,
    };

    public Notice SessionWasCancelled(Contracts.SessionCancelled m, IReadOnlyDictionary<Guid, SessionRegistration> registrations) => new()
    {
        EventKey = Key(SessionCancelled, m.Session.SessionId, m.OccurredAt),
        Kind = SessionCancelled,
        OccurredAt = m.OccurredAt,
        Link = MeetingsPage,
        Values = (_, language) =>
        {
            var values = Session(m.Session, language);
            values["reason"] = m.Reason;
            return values;
        },
        Calendar = recipient => IsConfirmed(registrations, recipient)
            ? Calendar(recipient, m.Session, MeetingInvite.Cancel, registrations[recipient.PersonId!.Value].Code)
            : null,
    };

    /// <summary>
    /// The moment a reminder is told at: when it is written, or the event's own time if that is later (a clock
    /// behind). A reminder seen at or after the session's start is not told at all (the consumer's rule).
    /// </summary>
    public DateTimeOffset ReminderMoment(SessionReminderDue m) => time.GetUtcNow() > m.OccurredAt ? time.GetUtcNow() : m.OccurredAt;

    /// <summary>
    /// One reminder per registration, offset and start time: a session that moves gets its reminders again. It
    /// says the time really left when it is written, not the offset it was due at: a late registrant's
    /// "24-hour" reminder two hours before says "วันนี้ เวลา 09:00 น. (อีก 2 ชั่วโมง)".
    /// </summary>
    public Notice Reminder(SessionReminderDue m) => new()
    {
        EventKey = $"{SessionReminder}:{m.RegistrationId}:{(long)m.OffsetBeforeStart.TotalMinutes}:{m.Session.StartsAt.UtcTicks}",
        Kind = SessionReminder,
        OccurredAt = m.OccurredAt,
        Link = MeetingsPage,
        MustArriveBefore = m.Session.StartsAt,
        Values = (_, language) =>
        {
            var values = Session(m.Session, language);
            values["code"] = m.Code;
            values["reminder.start"] = DateText.StartsIn(m.Session.StartsAt, ReminderMoment(m), language, templates);
            return values;
        },
    };

    public Notice Submitted(Contracts.RequestSubmitted m, bool forDivision) => new()
    {
        EventKey = $"{RequestSubmitted}:{m.RequestId}",
        Kind = forDivision ? RequestSubmittedDivision : RequestSubmitted,
        OccurredAt = m.SubmittedAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.title"] = m.Title,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["request.division"] = DivisionOf(m) is { } division ? templates.Label(language, $"division.{division}", division) : null,
            ["request.channel"] = templates.Label(language, $"channel.{m.Channel}", m.Channel),
        },
    };

    public Notice StatusChanged(Contracts.RequestStatusChanged m, bool forPresident) => new()
    {
        EventKey = $"{RequestStatusChanged}:{m.RequestId}:{m.From}:{m.To}:{m.ChangedAt.UtcTicks}",
        Kind = forPresident ? RequestStatusChangedCommunity : RequestStatusChanged,
        OccurredAt = m.ChangedAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["status.from"] = templates.Label(language, $"status.{m.From}", m.From),
            ["status.to"] = templates.Label(language, $"status.{m.To}", m.To),
            ["note"] = m.Note,
        },
    };

    public Notice ProjectProgressed(Contracts.PlanProjectProgressed m) => new()
    {
        EventKey = $"{PlanProjectProgressed}:{m.ProjectId}:{m.Stage}:{m.ProgressPercent}:{m.OccurredAt.UtcTicks}",
        Kind = PlanProjectProgressed,
        OccurredAt = m.OccurredAt,
        Link = $"/plan/projects/{m.ProjectId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["project.title"] = m.Title,
            ["project.stage"] = templates.Label(language, $"stage.{m.Stage}", m.Stage),
            ["project.progress"] = m.ProgressPercent.ToString(CultureInfo.InvariantCulture),
            ["note"] = m.Note,
        },
    };

    /// <summary>Published once per office and end date; an end that moves is told again.</summary>
    public Notice TermEnds(Contracts.TermEnding m, bool forRegistry, string? holderName) => new()
    {
        EventKey = $"{TermEnding}:{m.OfficeId}:{m.EndDate:yyyy-MM-dd}",
        Kind = forRegistry ? TermEndingRegistry : TermEnding,
        OccurredAt = m.OccurredAt,
        Link = TermLink(m, forRegistry),
        AboutPersonId = m.PersonId,
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["office.role"] = templates.Label(language, $"role.{m.Role}", m.Role),
            ["office.end"] = DateText.Date(m.EndDate, language),
            ["holder"] = holderName ?? templates.Label(language, "person.unnamed", "-"),
        },
    };

    public Notice LineWasLinked(string subject) => new()
    {
        EventKey = $"{LineLinked}:{subject}:{time.GetUtcNow().UtcTicks}",
        Kind = LineLinked,
        OccurredAt = time.GetUtcNow(),
        Link = "/preferences",
        Values = (_, _) => [],
    };

    /// <summary>
    /// The one-time code that links a sign-in account to the person (sent by SMS to the registry's phone). It must arrive
    /// while it works: quiet hours do not hold it past its expiry.
    /// </summary>
    public Notice ClaimCode(Contracts.AccountClaimCodeIssued m) => new()
    {
        EventKey = $"{AccountClaimCode}:{m.ClaimId}",
        Kind = AccountClaimCode,
        OccurredAt = m.OccurredAt,
        AboutPersonId = m.PersonId,
        MustArriveBefore = m.ExpiresAt,
        Values = (_, _) => new Dictionary<string, string?>
        {
            ["code"] = m.Code,
            ["minutes"] = ((int)Math.Ceiling((m.ExpiresAt - m.OccurredAt).TotalMinutes)).ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The division whose staff inbox a request goes to: the one Requests assigned by its category.</summary>
    public static string? DivisionOf(Contracts.RequestSubmitted m) => string.IsNullOrWhiteSpace(m.DivisionCode) ? null : m.DivisionCode;

    private Notice Registration(
        string kind, Guid registrationId, string code, SessionSnapshot session, DateTimeOffset occurredAt, string? method,
        Action<Dictionary<string, string?>>? extra = null) => new()
    {
        EventKey = Key(kind, registrationId, occurredAt),
        Kind = kind,
        OccurredAt = occurredAt,
        Link = MeetingsPage,
        Values = (_, language) =>
        {
            var values = Session(session, language);
            values["code"] = code;
            extra?.Invoke(values);
            return values;
        },
        Calendar = method is null ? null : recipient => Calendar(recipient, session, method, code),
    };

    private Dictionary<string, string?> Session(SessionSnapshot session, string language) => new()
    {
        ["session.name"] = SessionText.Name(session.Title, session.Number, language),
        ["session.title"] = session.Title,
        ["session.number"] = session.Number.ToString(CultureInfo.InvariantCulture),
        ["session.when"] = DateText.DateAndTime(session.StartsAt, language),
        ["session.until"] = DateText.Time(session.EndsAt),
        ["session.venue"] = session.VenueDetail is { Length: > 0 } detail ? $"{session.VenueName} {detail}" : session.VenueName,
    };

    private string? Calendar(Recipient recipient, SessionSnapshot session, string method, string code)
    {
        if (recipient.Email is null)
        {
            return null;
        }

        var language = recipient.Language;
        var summary = SessionText.Name(session.Title, session.Number, language);
        var description = string.Format(CultureInfo.InvariantCulture, templates.Label(language, "calendar.code", "{0}"), code);
        var options = email.Value;
        return MeetingInvite.Build(session, method, summary, description, options.Organizer, options.FromName,
            recipient.Email, recipient.DisplayName, time.GetUtcNow());
    }

    private static bool IsConfirmed(IReadOnlyDictionary<Guid, SessionRegistration> registrations, Recipient recipient) =>
        recipient.PersonId is { } id && registrations.TryGetValue(id, out var r) && r.Status == SessionRegistration.Confirmed;

    /// <summary>
    /// Whether the recipient's mail gets the calendar entry: only the e-mail of their channel plan carries one
    /// (<see cref="ChannelPlan.CarriesCalendar"/>, as <see cref="NoticeWriter"/> attaches it), and <c>Calendar</c> makes
    /// one only for a confirmed registrant. A mail sent because another channel is off carries none.
    /// </summary>
    private static bool MailCarriesCalendar(IReadOnlyDictionary<Guid, SessionRegistration> registrations, Recipient recipient) =>
        IsConfirmed(registrations, recipient) && ChannelPlan.CarriesCalendar(ChannelPlan.For(recipient));

    /// <summary>
    /// Where a term's end can be seen, told apart by the community the event carries: a community's office is on its
    /// holder's own community page (<c>/community</c> lists the signed-in leader's community and its office holders), and
    /// for the registry's staff on that community's registry page, where they assign the next holder (their own
    /// <c>/community</c> would show no community, or another one). An office of the municipality itself (no community:
    /// mayor, clerk, division head…) has no page in the web client, so no link.
    /// </summary>
    private static string? TermLink(Contracts.TermEnding m, bool forRegistry) => m.CommunityId switch
    {
        null => null,
        { } community when forRegistry => $"/staff/registry/communities/{community}",
        _ => "/community",
    };

    private static string Key(string kind, Guid id, DateTimeOffset occurredAt) => $"{kind}:{id}:{occurredAt.UtcTicks}";
}
