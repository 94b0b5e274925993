using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.ServiceDefaults;
using System.Text.Json;

namespace Municipal.Notifications.Application.Line;

// What the chat says for what Requests announces: the number of a finished report, the question after resolution, and
// the answer to it.
public sealed partial class LineChat
{
    /// <summary>
    /// The request number of a LINE report, once Requests has taken it in: in the answer still held for it, or pushed
    /// when that answer went out already (Requests was slower than the hold). Nothing for an erased reporter.
    /// </summary>
    public async Task TellNumberAsync(RequestSubmitted submitted, CancellationToken cancellationToken)
    {
        var reporter = await db.LineReporters.AsNoTracking().FirstOrDefaultAsync(r => r.Subject == submitted.SubmitterSubject, cancellationToken);
        if (reporter is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var received = JsonSerializer.Serialize(new[] { script.Received(submitted.Category, submitted.Number) }, JsonSerializerOptions.Web);
        var filled = await db.LineOutgoing
            .Where(o => o.AwaitsRequestOf == submitted.RequestId && o.SentAt == null && o.FailedAt == null && (o.LockedUntil == null || o.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Messages, received).SetProperty(o => o.DueAt, now), cancellationToken);
        if (filled == 0)
        {
            db.LineOutgoing.Add(LineOutgoing.Push(reporter.LineUserId,
                JsonSerializer.Serialize(new[] { script.Number(submitted.Number, submitted.Category) }, JsonSerializerOptions.Web), now));
        }
    }

    /// <summary>
    /// Requests asks a LINE reporter whether their resolved request was fixed (issue 18's feedback model): the question
    /// goes to the chat with the rating buttons, held until quiet hours end (nobody asked for it just now). False when
    /// the submitter is not a LINE reporter: the question is a notice on their channel then.
    /// </summary>
    public async Task<bool> AskFeedbackAsync(RequestFeedbackRequested question, CancellationToken cancellationToken)
    {
        if (!LineReporter.IsSubject(question.SubmitterSubject))
        {
            return false;
        }

        var reporter = await db.LineReporters.AsNoTracking().FirstOrDefaultAsync(r => r.Subject == question.SubmitterSubject, cancellationToken);
        if (reporter is not null)
        {
            var now = time.GetUtcNow();
            var window = quietHours.Value;
            var due = QuietHoursRule.HoldUntil(ChannelCodes.Line, window.Window, now, null, window.ReminderLeadTime);
            db.LineOutgoing.Add(LineOutgoing.Push(reporter.LineUserId,
                JsonSerializer.Serialize(new[] { script.AskFeedback(question) }, JsonSerializerOptions.Web), now, due));
        }

        return true;
    }

    /// <summary>
    /// The answer to แก้ไขแล้วหรือยัง: published as <c>RequestFeedbackGiven</c>, which Requests applies with the same
    /// rule as its web route (not fixed reopens, within the time to answer). Only for the reporter's own request, as the
    /// copy says. What Requests would refuse for certain is told here instead of sent on: a round that has its answer (one
    /// counts), a tap after the time the question gave. The thanks promise nothing: Requests decides after.
    /// </summary>
    private async Task FeedbackAsync(LineReporter reporter, ChatInput input, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var request = Guid.TryParse(input.Value, out var id)
            ? await db.RequestCopies.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            : null;
        if (request is null || request.SubmitterSubject != reporter.Subject || (!input.NotFixed && input.Rating is null))
        {
            _replies.Add(script.FeedbackNotYours());
            return;
        }

        if (input.AnswerBy is { } answerBy && at > answerBy)
        {
            _replies.Add(script.FeedbackTooLate(request.Number, answerBy));
            return;
        }

        if (input.Round is { } round)
        {
            if (request.HasAnswerFor(round))
            {
                _replies.Add(script.FeedbackGivenAlready(request.Number));
                return;
            }

            request.Answered(round);
        }

        db.EnqueueEvent(new RequestFeedbackGiven
        {
            FeedbackId = Guid.CreateVersion7(at),
            RequestId = request.Id,
            Round = input.Round,
            Fixed = !input.NotFixed,
            Rating = input.NotFixed ? null : input.Rating,
            Channel = ChannelCodes.Line,
            RespondentSubject = reporter.Subject,
            GivenAt = at,
        }, time);
        _replies.Add(script.FeedbackThanks(request.Number, input.Rating, input.NotFixed));
    }

    /// <summary>Requests counted an answer (from the chat, the web or staff): the copy holds that its round is answered.</summary>
    public async Task FeedbackRecordedAsync(RequestFeedbackRecorded recorded, CancellationToken cancellationToken)
    {
        var request = await db.RequestCopies.FirstOrDefaultAsync(r => r.Id == recorded.RequestId, cancellationToken);
        request?.Answered(recorded.Round);
    }
}
