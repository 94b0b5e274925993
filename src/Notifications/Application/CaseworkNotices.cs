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

    /// <summary>The question, once per request and resolution round; the link opens the answer form on the request's page.</summary>
    public Notice FeedbackQuestion(Contracts.RequestFeedbackRequested m) => new()
    {
        EventKey = $"{FeedbackRequested}:{m.RequestId}:{m.Round}",
        Kind = FeedbackRequested,
        OccurredAt = m.AskedAt,
        Link = $"/requests/{m.RequestId}#feedback",
        Values = (_, language) => new Dictionary<string, string?>
        {
            ["request.number"] = m.Number,
            ["request.title"] = m.Title,
            ["request.category"] = templates.Label(language, $"category.{m.Category}", m.Category),
            ["request.resolved"] = DateText.DateAndTime(m.ResolvedAt, language),
            ["answer.by"] = DateText.DateAndTime(m.AnswerBy, language),
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
}
