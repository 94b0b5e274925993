using Municipal.ServiceDefaults.Problems;
namespace Municipal.Requests.Domain;

/// <summary>When the submitter is asked, and for how long an answer counts (configuration <c>Requests:Feedback</c>).</summary>
public sealed record FeedbackPolicy(TimeSpan AskAfter, TimeSpan AnswerWindow)
{
    public static readonly FeedbackPolicy Default = new(TimeSpan.FromDays(7), TimeSpan.FromDays(30));

    /// <summary>The last moment an answer about a resolution at <paramref name="resolvedAt"/> counts: the question's time plus the window.</summary>
    public DateTimeOffset AnswerBy(DateTimeOffset resolvedAt) => resolvedAt + AskAfter + AnswerWindow;
}

/// <summary>What an answer says, as it arrived (from the web or from a chat).</summary>
public sealed record FeedbackAnswer(Guid FeedbackId, int? Round, bool? Fixed, int? Rating, string? Comment, string Channel, DateTimeOffset GivenAt);

public enum FeedbackVerdict
{
    /// <summary>Counted; the request stays resolved (or closed).</summary>
    Accepted,

    /// <summary>Counted, and it says not fixed: the request goes back to in progress.</summary>
    Reopens,

    /// <summary>The request is not resolved now, the round asked about is over, or the time for an answer has passed (409).</summary>
    NotOpen,

    /// <summary>An answer about this resolution counted already (409).</summary>
    AlreadyGiven,
}

/// <summary>The verdict, and for a refusal why: <c>not-resolved</c>, <c>round-over</c>, <c>too-late</c> or <c>closed</c>.</summary>
public sealed record FeedbackDecision(FeedbackVerdict Verdict, string? Reason = null, DateTimeOffset? AnswerBy = null);

/// <summary>
/// Proof of the fix, as FixMyStreet and Traffy Fondue ask it: a time after a request is resolved, its submitter is asked
/// whether it was really fixed, with a rating of 1 to 5. An answer counts once per resolution (round), from the
/// resolution until <see cref="FeedbackPolicy.AnswerBy"/>; "not fixed" reopens a resolved request whatever the
/// submitter's own reopen window says (they were asked). A request the submitter closed takes a rating, not a reopen.
/// </summary>
public static class FeedbackRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int CommentMaxLength = 1000;
    public const int ChannelMaxLength = 16;

    /// <summary>The channel an answer on Requests' own route is recorded under.</summary>
    public const string WebChannel = "web";

    /// <summary>An answer a resident gave by phone, recorded by staff.</summary>
    public const string PhoneChannel = "phone";

    /// <summary>Field problems: <c>fixed</c> is required, <c>rating</c> is 1–5 when given, the comment short, the channel a code.</summary>
    public static Dictionary<string, FieldError[]> Validate(FeedbackAnswer answer)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (answer.Fixed is null)
        {
            errors["fixed"] = [FieldError.Required("Say whether the problem was fixed: true or false.")];
        }

        if (answer.Rating is { } rating && rating is < MinRating or > MaxRating)
        {
            errors["rating"] = [FieldError.OutOfRange(MinRating, MaxRating, $"A rating is {MinRating} to {MaxRating}, or null for none.")];
        }

        if (answer.Comment is { Length: > CommentMaxLength })
        {
            errors["comment"] = [FieldError.TooLong(CommentMaxLength, $"The comment may have at most {CommentMaxLength} characters.")];
        }

        if (string.IsNullOrWhiteSpace(answer.Channel) || answer.Channel.Length > ChannelMaxLength)
        {
            errors["channel"] = [FieldError.Required("Name the channel the answer came by, e.g. web or line.")];
        }

        if (answer.Round is < 1)
        {
            errors["round"] = [FieldError.OutOfRange(1, int.MaxValue, "A round is 1 or more: the resolution the answer is about.")];
        }

        return errors;
    }

    /// <summary>
    /// Is it time to ask the submitter about the current resolution? Once, while it is resolved, <see cref="FeedbackPolicy.AskAfter"/>
    /// after the resolution, when there is someone to ask, and while an answer would still count (a check that was down
    /// for longer than the answer window asks nobody about the past).
    /// </summary>
    public static bool IsDueToAsk(RequestStatus status, DateTimeOffset? resolvedAt, DateTimeOffset? askedAt, bool submitterCanBeAsked, DateTimeOffset now, FeedbackPolicy policy) =>
        status == RequestStatus.Resolved && resolvedAt is { } resolved && askedAt is null && submitterCanBeAsked
        && now >= resolved + policy.AskAfter && now < policy.AnswerBy(resolved);

    /// <summary>May an answer about <paramref name="answeredRound"/> count now, and what does it do?</summary>
    public static FeedbackDecision Decide(
        RequestStatus status, int currentRound, DateTimeOffset? resolvedAt, int? answeredRound, bool fixedIt, bool alreadyGiven, DateTimeOffset now, FeedbackPolicy policy)
    {
        if (status is not (RequestStatus.Resolved or RequestStatus.Closed) || resolvedAt is not { } resolved || currentRound < 1)
        {
            return new(FeedbackVerdict.NotOpen, "not-resolved");
        }

        var answerBy = policy.AnswerBy(resolved);
        if (answeredRound is { } round && round != currentRound)
        {
            return new(FeedbackVerdict.NotOpen, "round-over", answerBy);
        }

        if (alreadyGiven)
        {
            return new(FeedbackVerdict.AlreadyGiven, null, answerBy);
        }

        if (now > answerBy)
        {
            return new(FeedbackVerdict.NotOpen, "too-late", answerBy);
        }

        if (!fixedIt && status == RequestStatus.Closed)
        {
            return new(FeedbackVerdict.NotOpen, "closed", answerBy);
        }

        return new(fixedIt ? FeedbackVerdict.Accepted : FeedbackVerdict.Reopens, null, answerBy);
    }
}

/// <summary>One answer that counted: whether it was fixed, the rating, and by which channel it came.</summary>
public sealed class RequestFeedback
{
    private RequestFeedback()
    {
    }

    /// <summary>The answer's own id (<c>RequestFeedbackGiven.FeedbackId</c>): the same answer twice is one.</summary>
    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    /// <summary>The resolution it is about; one answer per request and round.</summary>
    public int Round { get; private set; }

    public bool Fixed { get; private set; }

    public int? Rating { get; private set; }

    /// <summary>The person's own words. Personal data may hide in it: shown to staff only, masked on erasure.</summary>
    public string? Comment { get; private set; }

    public string Channel { get; private set; } = "";

    public string? RespondentSubject { get; private set; }

    /// <summary>The request's division and category when it was answered: what statistics group by.</summary>
    public string DivisionCode { get; private set; } = "";

    public string Category { get; private set; } = "";

    public bool Reopened { get; private set; }

    public DateTimeOffset GivenAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static RequestFeedback Record(ServiceRequest request, int round, FeedbackAnswer answer, string? respondentSubject, bool reopened, DateTimeOffset now) => new()
    {
        Id = answer.FeedbackId,
        RequestId = request.Id,
        Round = round,
        Fixed = answer.Fixed ?? throw new ArgumentException("An answer says whether it was fixed.", nameof(answer)),
        Rating = answer.Rating,
        Comment = string.IsNullOrWhiteSpace(answer.Comment) ? null : answer.Comment.Trim(),
        Channel = answer.Channel.Trim(),
        RespondentSubject = respondentSubject,
        DivisionCode = request.DivisionCode,
        Category = request.Category,
        Reopened = reopened,
        GivenAt = answer.GivenAt > now ? now : answer.GivenAt,
        RecordedAt = now,
    };

    /// <summary>PDPA erasure of the respondent: the answer stays counted, without who gave it or what they typed about themselves.</summary>
    public void EraseRespondent()
    {
        RespondentSubject = null;
        Comment = PersonalData.MaskOrNull(Comment);
    }
}

/// <summary>How often a group's fixes held: the reopen rate of its resolved requests and what their submitters answered.</summary>
public sealed record FixSummary(int Resolved, int Reopened, double? ReopenRate, int Answers, double? NotFixedShare, int Ratings, double? AverageRating);

public static class FixStatistics
{
    /// <summary>
    /// Reopen rate: of the requests resolved at least once, the share reopened at least once (by anyone). Not-fixed share:
    /// of the answers, those saying not fixed. Average rating: of the answers that gave one. Null where there is nothing to divide.
    /// </summary>
    public static FixSummary Summarize(IReadOnlyCollection<(int ResolutionRound, int ReopenCount)> requests, IReadOnlyCollection<(bool Fixed, int? Rating)> answers)
    {
        var resolved = requests.Count(r => r.ResolutionRound > 0 || r.ReopenCount > 0);
        var reopened = requests.Count(r => r.ReopenCount > 0);
        var ratings = answers.Where(a => a.Rating is not null).Select(a => a.Rating!.Value).ToList();
        return new FixSummary(
            resolved,
            reopened,
            resolved == 0 ? null : Math.Round((double)reopened / resolved, 4),
            answers.Count,
            answers.Count == 0 ? null : Math.Round((double)answers.Count(a => !a.Fixed) / answers.Count, 4),
            ratings.Count,
            ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2));
    }
}
