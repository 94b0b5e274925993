using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Application;

/// <summary>Configuration section <c>Requests:Feedback</c>: when the submitter is asked, and how long an answer counts.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Requests:Feedback";

    /// <summary>How long after a resolution the submitter is asked (FixMyStreet asks after four weeks; a week suits a town).</summary>
    public TimeSpan AskAfter { get; set; } = FeedbackPolicy.Default.AskAfter;

    /// <summary>How long after the question an answer still counts.</summary>
    public TimeSpan AnswerWindow { get; set; } = FeedbackPolicy.Default.AnswerWindow;

    public FeedbackPolicy Policy => new(AskAfter, AnswerWindow);
}

/// <summary>An answer that counted (or the same answer again), and whether it reopened the request.</summary>
public sealed record FeedbackOutcome(RequestFeedback Feedback, bool Reopened, bool Replayed);

/// <summary>
/// The one use case of the submitter's answer about the fix. The web route (<see cref="GiveAsync"/>) and the consumer of
/// <c>RequestFeedbackGiven</c> from a LINE chat (<see cref="RecordAsync"/>) both come here: one rule
/// (<see cref="FeedbackRules"/>), one record per answer id, one answer per resolution, "not fixed" reopens, and
/// <c>RequestFeedbackRecorded</c> in the outbox with the change.
/// </summary>
public sealed class RequestFeedbacks(RequestsDbContext db, RequestTransitions transitions, IOptions<FeedbackOptions> options, TimeProvider time)
{
    /// <summary>What the history says when an answer reopens a request.</summary>
    public const string ReopenNote = "ผู้แจ้งตอบว่ายังไม่ได้รับการแก้ไข";

    /// <summary><c>POST /api/requests/{id}/feedback</c>: the signed-in submitter answers; saved.</summary>
    public async Task<Result<FeedbackOutcome>> GiveAsync(Guid requestId, FeedbackAnswer answer, Caller caller, CancellationToken cancellationToken)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        // The submitter answers; for a resident who phoned it in, staff write down what they say on the phone (the answer
        // is theirs, so it names no respondent; a reopen it makes is staff's act in the history).
        var relayed = !RequestAccess.IsSubmitter(caller, request);
        if (relayed && !RequestAccess.MayRelayAnswer(caller, request))
        {
            return Refusal.Of(RequestsProblems.NotTheSubmitter, detail: "Only the person who submitted the request says whether it was fixed.");
        }

        var recorded = relayed
            ? await RecordAsync(request, answer with { Channel = FeedbackRules.PhoneChannel }, caller, respondentSubject: null, cancellationToken)
            : await RecordAsync(request, answer, caller, caller.Subject, cancellationToken);
        if (!recorded.Succeeded || recorded.Value!.Replayed)
        {
            return recorded;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RequestTransitions.ChangedMeanwhile("request");
        }
        catch (DbUpdateException)
        {
            // Two answers about the same resolution at once: the unique (request, round) lets one count.
            db.ChangeTracker.Clear();
            return await db.Feedback.AsNoTracking().FirstOrDefaultAsync(f => f.Id == answer.FeedbackId, cancellationToken) is { } same
                ? new FeedbackOutcome(same, same.Reopened, Replayed: true)
                : Given(recorded.Value.Feedback.Round);
        }

        return recorded;
    }

    /// <summary>
    /// An answer relayed by Notifications (<c>RequestFeedbackGiven</c>): it vouches that the person it asked answered. When it
    /// names who answered, that must be the submitter. Not saved here: the consumer's unit of work commits it.
    /// </summary>
    public async Task<Result<FeedbackOutcome>> RecordAsync(RequestFeedbackGiven given, CancellationToken cancellationToken)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == given.RequestId, cancellationToken);
        if (request is null)
        {
            return RequestReads.NoSuchRequest;
        }

        var respondent = string.IsNullOrWhiteSpace(given.RespondentSubject) ? null : given.RespondentSubject;
        if (respondent is not null && request.SubmitterSubject is not null && respondent != request.SubmitterSubject)
        {
            return Refusal.Of(RequestsProblems.NotTheSubmitter, detail: "The answer came from someone other than the submitter.");
        }

        var answer = new FeedbackAnswer(given.FeedbackId, given.Round, given.Fixed, given.Rating, given.Comment, given.Channel, given.GivenAt);
        var submitter = Actors.Recorded(respondent ?? request.SubmitterSubject, Roles.Resident);
        return await RecordAsync(request, answer, submitter, submitter.Subject, cancellationToken);
    }

    /// <param name="actor">Who records it: the respondent, or staff writing down a phoned answer (the history's actor of a reopen).</param>
    /// <param name="respondentSubject">Who answered, when they have a sign-in.</param>
    private async Task<Result<FeedbackOutcome>> RecordAsync(
        ServiceRequest request, FeedbackAnswer answer, Caller actor, string? respondentSubject, CancellationToken cancellationToken)
    {
        var errors = FeedbackRules.Validate(answer);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The answer is not valid.");
        }

        if (await db.Feedback.AsNoTracking().FirstOrDefaultAsync(f => f.Id == answer.FeedbackId, cancellationToken) is { } same)
        {
            return same.RequestId == request.Id
                ? new FeedbackOutcome(same, same.Reopened, Replayed: true)
                : Refusal.Conflict("The answer's id belongs to another request.", "Give every answer an id of its own.");
        }

        var now = time.GetUtcNow();
        var round = answer.Round ?? request.ResolutionRound;
        var alreadyGiven = await db.Feedback.AnyAsync(f => f.RequestId == request.Id && f.Round == round, cancellationToken);
        var decision = FeedbackRules.Decide(request.Status, request.ResolutionRound, request.ResolvedAt, answer.Round, answer.Fixed!.Value, alreadyGiven, now, options.Value.Policy);
        switch (decision.Verdict)
        {
            case FeedbackVerdict.AlreadyGiven:
                return Given(round);
            case FeedbackVerdict.NotOpen:
                return Refusal.Of(RequestsProblems.FeedbackNotOpen, detail: NotOpenDetail(decision.Reason))
                    .With("reason", decision.Reason)
                    .With("currentStatus", request.Status.ToCode())
                    .With("answerBy", decision.AnswerBy);
        }

        var reopens = decision.Verdict == FeedbackVerdict.Reopens;
        var feedback = RequestFeedback.Record(request, round, answer, respondentSubject, reopens, now);
        if (reopens)
        {
            var note = feedback.Comment is { } comment ? $"{ReopenNote}: {comment}" : ReopenNote;
            if (note.Length > TransitionCommand.NoteMaxLength)
            {
                note = note[..(TransitionCommand.NoteMaxLength - 1)] + "…";
            }

            // The submitter was asked: their answer reopens whatever their own 14-day window says.
            var reopened = await transitions.ApplyAsync(request, new TransitionCommand(RequestStatus.InProgress, note), actor, Party.System, cancellationToken);
            if (!reopened.Succeeded)
            {
                return reopened.Refusal!;
            }
        }

        db.Feedback.Add(feedback);

        db.EnqueueEvent(new RequestFeedbackRecorded
        {
            FeedbackId = feedback.Id,
            RequestId = request.Id,
            Number = request.Number,
            CommunityId = request.CommunityId,
            Category = request.Category,
            DivisionCode = feedback.DivisionCode,
            Round = round,
            Fixed = feedback.Fixed,
            Rating = feedback.Rating,
            Channel = feedback.Channel,
            Reopened = reopens,
            GivenAt = feedback.GivenAt,
        }, time);
        RequestsTelemetry.FeedbackRecorded.Add(1, new KeyValuePair<string, object?>("fixed", feedback.Fixed));
        return new FeedbackOutcome(feedback, reopens, Replayed: false);
    }

    private static Refusal Given(int round) => Refusal.Of(RequestsProblems.FeedbackGiven,
        detail: "An answer about this resolution was given already; one counts.").With("round", round);

    private static string NotOpenDetail(string? reason) => reason switch
    {
        "round-over" => "The answer is about an earlier resolution; the request has moved on since.",
        "too-late" => "The time to answer about this resolution has passed.",
        "closed" => "The request was closed; it takes a rating, but cannot be reopened by an answer.",
        _ => "Only a resolved (or closed) request takes an answer about its fix.",
    };
}
