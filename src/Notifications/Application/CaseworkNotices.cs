using Municipal.Notifications.Rendering;
using System.Globalization;

namespace Municipal.Notifications.Application;

/// <summary>
/// What Requests' casework events say: the question about the fix to the submitter, and the answer to the division.
/// Event keys name the event itself, so a replay under a new message id tells nobody twice.
/// </summary>
public sealed class CaseworkNotices(TemplateLibrary templates)
{
    public const string FeedbackRequested = "request-feedback-requested";
    public const string FeedbackRecordedDivision = "request-feedback-recorded-division";
    public const string Escalated = "request-escalated";
    public const string EscalatedHead = "request-escalated-head";
    public const string Digest = "division-overdue-digest";
    public const string ReroutedDivision = "request-rerouted-division";
    public const string AssignedOfficer = "request-assigned-officer";
    public const string AnnouncementKind = "announcement";

    /// <summary>The question, once per request and resolution round; the link opens the answer form on the request's page.</summary>
    public Notice FeedbackQuestion(Contracts.RequestFeedbackRequested m) => new()
    {
        EventKey = $"{FeedbackRequested}:{m.RequestId}:{m.Round}",
        Kind = FeedbackRequested,
        OccurredAt = m.AskedAt,
        Link = $"/requests/{m.RequestId}#feedback",
        Values = (_, language) =>
        {
            // Only a submitter who filed under a sign-in can answer (on the web or in the LINE chat): one whose request
            // was phoned in is a person of the registry without one, and is told to call instead (staff write their answer
            // down, and a "not fixed" reopens it).
            var answers = !string.IsNullOrEmpty(m.SubmitterSubject);
            return new Dictionary<string, string?>
            {
                ["request.number"] = m.Number,
                ["request.title"] = m.Title,
                ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
                ["request.resolved"] = DateText.DateAndTime(m.ResolvedAt, language),
                ["answer.number"] = answers ? m.Number : null,
                ["answer.by"] = answers ? DateText.DateAndTime(m.AnswerBy, language) : null,
                ["call.municipality"] = answers ? null : templates.Label(language, "sender", ""),
            };
        },
    };

    /// <summary>The answer, to the division that resolved it: the rating, and whether it went back to work.</summary>
    public Notice FeedbackRecorded(Contracts.RequestFeedbackRecorded m) => new()
    {
        EventKey = $"request-feedback-recorded:{m.FeedbackId}",
        Kind = FeedbackRecordedDivision,
        OccurredAt = m.GivenAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["feedback.verdict"] = templates.Label(language, m.Fixed ? "feedback.fixed" : "feedback.not-fixed", m.Fixed ? "fixed" : "not fixed"),
            ["feedback.rating"] = m.Rating?.ToString(CultureInfo.InvariantCulture),
            ["feedback.reopened"] = m.Reopened ? templates.Label(language, "feedback.reopened", "reopened") : null,
            ["feedback.channel"] = templates.Label(language, $"channel.{m.Channel}", m.Channel),
        },
    };

    /// <summary>An overdue request, to its division's inbox and head (<c>division</c>) or to the head again (<c>head</c>).</summary>
    public Notice Escalation(Contracts.RequestEscalated m) => new()
    {
        EventKey = $"{Escalated}:{m.RequestId}:{m.Threshold}:{m.Level}:{m.DivisionCode}",
        Kind = m.Level == "head" ? EscalatedHead : Escalated,
        OccurredAt = m.EscalatedAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.title"] = m.Title,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["request.division"] = templates.Label(language, $"division.{m.DivisionCode}", m.DivisionCode),
            ["escalation.threshold"] = templates.Label(language, $"threshold.{m.Threshold}", m.Threshold),
            ["escalation.due"] = DateText.DateAndTime(m.DueAt, language),
        },
    };

    /// <summary>The day's list of a division's overdue requests, one line each, longest overdue first.</summary>
    public Notice OverdueDigest(Contracts.DivisionOverdueDigest m) => new()
    {
        EventKey = $"{Digest}:{m.DivisionCode}:{m.Day:yyyy-MM-dd}",
        Kind = Digest,
        OccurredAt = m.OccurredAt,
        Link = $"/staff/requests?division={m.DivisionCode}&overdue=true",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["digest.division"] = templates.Label(language, $"division.{m.DivisionCode}", m.DivisionCode),
            ["digest.day"] = DateText.Date(m.Day, language),
            ["digest.total"] = m.Total.ToString(CultureInfo.InvariantCulture),
            ["digest.more"] = m.Total > m.Requests.Count
                ? string.Format(CultureInfo.InvariantCulture, templates.Label(language, "digest.more", "+{0}"), m.Total - m.Requests.Count)
                : null,
            ["digest.requests"] = string.Join("\n", m.Requests.Select(r => string.Format(CultureInfo.InvariantCulture,
                templates.Label(language, "digest.line", "{0} {1} ({2}) {3}"),
                r.Number, r.Title, templates.Label(language, $"threshold.{r.Threshold}", r.Threshold), DateText.DateAndTime(r.DueAt, language)))),
        },
    };

    /// <summary>A request handed to another division, to that division's inbox.</summary>
    public Notice Rerouted(Contracts.RequestRerouted m) => new()
    {
        EventKey = $"request-rerouted:{m.RequestId}:{m.ReroutedAt.UtcTicks}",
        Kind = ReroutedDivision,
        OccurredAt = m.ReroutedAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.title"] = m.Title,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["reroute.from"] = templates.Label(language, $"division.{m.FromDivisionCode}", m.FromDivisionCode),
            ["reroute.to"] = templates.Label(language, $"division.{m.ToDivisionCode}", m.ToDivisionCode),
            ["reroute.reason"] = m.Reason,
        },
    };

    /// <summary>A request assigned to an officer, to the officer.</summary>
    public Notice Assigned(Contracts.RequestAssignedToOfficer m) => new()
    {
        EventKey = $"request-assigned:{m.RequestId}:{m.OfficerSubject}:{m.AssignedAt.UtcTicks}",
        Kind = AssignedOfficer,
        OccurredAt = m.AssignedAt,
        Link = $"/requests/{m.RequestId}",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.title"] = m.Title,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["request.division"] = templates.Label(language, $"division.{m.DivisionCode}", m.DivisionCode),
            ["note"] = m.Note,
        },
    };

    /// <summary>A staff announcement, as its sender wrote it; one delivery per person and channel (its event key is the announcement's).</summary>
    public Notice Announcement(Domain.Announcement a) => new()
    {
        EventKey = a.EventKey,
        Kind = AnnouncementKind,
        OccurredAt = a.SentAt,
        Link = "/inbox",
        Values = (_, _) => new Dictionary<string, string?>
        {
            ["announcement.title"] = a.Title,
            ["announcement.message"] = a.Message,
        },
    };
}
