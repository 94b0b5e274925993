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

/// <summary>
/// The municipality's LINE chat: one verified webhook event at a time, it moves the person's report on
/// (<see cref="LineConversation"/>), publishes what they finished (<c>LineReportCompleted</c>, <c>LineSupportGiven</c>,
/// <c>LineReporterErased</c>) through the outbox, and writes what to answer (<see cref="LineOutgoing"/>), all in the
/// caller's transaction; nothing is sent from here. See docs/notifications.md, "The LINE chat".
/// </summary>
public sealed partial class LineChat(
    NotificationsDbContext db, LineChatScript script, IOptions<LineOptions> options, IOptions<QuietHoursOptions> quietHours, TimeProvider time,
    ILogger<LineChat> logger)
{
    private readonly LineOptions _line = options.Value;
    private readonly List<ChatMessage> _replies = [];

    /// <summary>Handles one event of a user; saving is the caller's (the webhook's transaction per event).</summary>
    public async Task HandleAsync(LineEvent e, string userId, CancellationToken cancellationToken)
    {
        if (ChatInput.From(e) is not { } input)
        {
            return;
        }

        var now = time.GetUtcNow();
        var at = e.At(now);
        _replies.Clear();
        var reporter = await db.LineReporters.FirstOrDefaultAsync(r => r.LineUserId == userId, cancellationToken);
        var conversation = await db.LineConversations.FirstOrDefaultAsync(c => c.LineUserId == userId, cancellationToken);
        if (conversation is not null && conversation.HasExpired(at, _line.ConversationTimeout))
        {
            db.LineConversations.Remove(conversation);
            if (conversation.Step == ChatStep.ConfirmErasure)
            {
                _replies.Add(script.ErasureExpired(_line.ConversationTimeout)); // held no report: nothing was erased either
            }
            else
            {
                _replies.Add(script.Expired(_line.ConversationTimeout));
                LineChatTelemetry.Expired.Add(1);
            }

            conversation = null;
        }

        conversation?.Touch(at);
        Guid? awaitsNumberOf = null;
        var erased = false;
        switch (input.Intent)
        {
            case ChatIntent.Follow:
                _replies.Add(script.Welcome(reporter is not null));
                if (reporter is null)
                {
                    _replies.Add(script.PrivacyNotice(_line.PrivacyNoticeUrl, thenReport: true));
                }

                break;
            case ChatIntent.Decline:
                _replies.Add(script.Declined());
                break;
            case ChatIntent.Consent:
                if (reporter is null)
                {
                    reporter = LineReporter.Consent(userId, now);
                    db.LineReporters.Add(reporter);
                }

                if (input.ThenReport)
                {
                    conversation = StartReport(conversation, reporter, userId, now, at);
                }
                else
                {
                    _replies.Add(script.Help());
                }

                break;
            case ChatIntent.Report:
                if (reporter is null)
                {
                    _replies.Add(script.PrivacyNotice(_line.PrivacyNoticeUrl, thenReport: true));
                    break;
                }

                conversation = StartReport(conversation, reporter, userId, now, at);
                break;
            case ChatIntent.Cancel:
                _replies.Add(conversation is { Step: ChatStep.ConfirmErasure } ? script.NotErased() : script.Cancelled(conversation is not null));
                Remove(conversation);
                break;
            case ChatIntent.Mine:
                _replies.Add(script.Mine(reporter is null ? [] : await OpenRequestsOfAsync(reporter.Subject, cancellationToken)));
                break;
            case ChatIntent.Erase:
                if (reporter is null)
                {
                    _replies.Add(script.NothingToErase());
                    break;
                }

                Remove(conversation);
                db.LineConversations.Add(LineConversation.AskErasure(userId, at));
                _replies.Add(script.ConfirmErasure());
                break;
            case ChatIntent.Feedback when reporter is not null:
                await FeedbackAsync(reporter, input, at, cancellationToken);
                break;
            case ChatIntent.EraseConfirm when reporter is not null && conversation is { Step: ChatStep.ConfirmErasure }:
                Remove(conversation);
                await EraseAsync(reporter, now, cancellationToken);
                erased = true;
                _replies.Add(script.Erased());
                break;
            default:
                awaitsNumberOf = conversation is null || reporter is null
                    ? Outside(input)
                    : await StepAsync(conversation, reporter, input, at, cancellationToken);
                break;
        }

        if (_replies.Count > 0)
        {
            var messages = JsonSerializer.Serialize(_replies, JsonSerializerOptions.Web);
            // A reply token is good for about a minute from when LINE sent the event: counted from its arrival here.
            var answer = awaitsNumberOf is { } reportId
                ? LineOutgoing.AwaitingNumber(userId, e.ReplyToken, now, reportId, messages, now, _line.NumberHold)
                : LineOutgoing.Reply(userId, e.ReplyToken, now, messages, now);
            if (erased)
            {
                answer.ForgetOnceSent(); // "ลบข้อมูลของท่านแล้ว" must reach them, and then goes too
            }

            db.LineOutgoing.Add(answer);
        }
    }

    /// <summary>One answer to the report in progress; returns the report's id when this answer finished it.</summary>
    private async Task<Guid?> StepAsync(LineConversation conversation, LineReporter reporter, ChatInput input, DateTimeOffset at, CancellationToken cancellationToken)
    {
        switch (conversation.Step, input.Intent)
        {
            case (ChatStep.Category, ChatIntent.Category or ChatIntent.Text) when CategoryOf(input) is { } category:
                conversation.ChooseCategory(category);
                _replies.Add(script.AskPhotos(category));
                break;
            case (ChatStep.Category, _):
                _replies.Add(script.AskCategory());
                break;
            case (ChatStep.Photos or ChatStep.Location, ChatIntent.Image):
                var added = conversation.AddPhoto(input.MessageId!);
                // Of images sent together, the last to arrive is answered: LINE delivers them in any order, even at once.
                var setArrived = input.ImageSet is not { } set || conversation.ArrivedOfSet(set.Id, set.Total);
                if (!added)
                {
                    _replies.Add(script.PhotoNotTaken());
                }
                else if (setArrived || conversation.Photos.Count == LineConversation.MaxPhotos)
                {
                    _replies.Add(conversation.Step == ChatStep.Location && conversation.Photos.Count < LineConversation.MaxPhotos
                        ? script.AskLocation($"ได้รับรูปที่ {conversation.Photos.Count} แล้วครับ")
                        : script.PhotoReceived(conversation.Photos.Count));
                }

                break;
            case (ChatStep.Photos, ChatIntent.Skip):
                conversation.PhotosDone();
                _replies.Add(script.AskLocation());
                break;
            case (ChatStep.Photos or ChatStep.Location, ChatIntent.Location):
                await PinAsync(conversation, reporter, input, cancellationToken);
                break;
            case (ChatStep.Location, ChatIntent.Text) when !string.IsNullOrWhiteSpace(input.Text):
                conversation.DescribePlace(input.Text);
                _replies.Add(script.AskDescription());
                break;
            case (ChatStep.Photos, _):
                _replies.Add(conversation.Photos.Count == 0 ? script.AskPhotos(conversation.Category!) : script.PhotoReceived(conversation.Photos.Count));
                break;
            case (ChatStep.Location, _):
                _replies.Add(script.AskLocation());
                break;
            case (ChatStep.MeToo, ChatIntent.MeToo) when Guid.TryParse(input.Value, out var id) && id == conversation.CandidateRequestId:
                return await SupportAsync(conversation, reporter, id, at, cancellationToken);
            case (ChatStep.MeToo, ChatIntent.NewReport):
                conversation.DeclineMeToo();
                _replies.Add(script.AskDescription());
                break;
            case (ChatStep.MeToo, _):
                var candidate = await db.RequestCopies.AsNoTracking().FirstOrDefaultAsync(r => r.Id == conversation.CandidateRequestId, cancellationToken);
                if (candidate is null)
                {
                    conversation.DeclineMeToo();
                    _replies.Add(script.AskDescription());
                }
                else
                {
                    _replies.Add(script.OfferMeToo(candidate, Metres(conversation.Location!.Value, candidate.Location!.Value)));
                }

                break;
            case (ChatStep.Description, ChatIntent.Text or ChatIntent.Skip):
                return Complete(conversation, reporter, input.Intent == ChatIntent.Text ? input.Text : null, at);
            case (ChatStep.Description, _):
                _replies.Add(script.AskDescription());
                break;
            case (ChatStep.ConfirmErasure, _):
                Remove(conversation);
                _replies.Add(script.NotErased());
                break;
        }

        return null;
    }

    /// <summary>What the chat says to a message outside a report (or from someone who has not agreed to the notice yet).</summary>
    private Guid? Outside(ChatInput input)
    {
        _replies.Add(input.Intent switch
        {
            ChatIntent.Image or ChatIntent.Location => script.StartFirst(),
            ChatIntent.Unsupported => script.Unsupported(),
            _ => script.Help(),
        });
        return null;
    }

    private async Task PinAsync(LineConversation conversation, LineReporter reporter, ChatInput input, CancellationToken cancellationToken)
    {
        var point = input.Point!.Value;
        if (!conversation.Pin(point, input.Address))
        {
            _replies.Add(script.OutsideMunicipality(point.DistanceKmTo(MunicipalArea.Centre)));
            LineChatTelemetry.PinsOutside.Add(1);
            return;
        }

        if (await NearestOpenAsync(conversation.Category!, point, reporter.Subject, cancellationToken) is { } nearby)
        {
            conversation.OfferMeToo(nearby.Request.Id);
            _replies.Add(script.OfferMeToo(nearby.Request, nearby.Metres));
            return;
        }

        _replies.Add(script.AskDescription());
    }

    /// <summary>A new report, asked for its kind; or, past the reporter's daily limit, when they may report again.</summary>
    private LineConversation? StartReport(LineConversation? conversation, LineReporter reporter, string userId, DateTimeOffset now, DateTimeOffset at)
    {
        if (reporter.NextReportAllowedAt(now, _line.ReportsPerDay) is { } againAt)
        {
            Remove(conversation);
            _replies.Add(script.ReportLimit(_line.ReportsPerDay, againAt));
            LineChatTelemetry.Limited.Add(1);
            LogLimited(_line.ReportsPerDay);
            return null;
        }

        _replies.Add(script.AskCategory());
        return Restart(conversation, userId, at);
    }

    private Guid Complete(LineConversation conversation, LineReporter reporter, string? description, DateTimeOffset at)
    {
        reporter.Reported(time.GetUtcNow());
        var report = conversation.Complete(reporter.Subject, description, at);
        db.EnqueueEvent(report, time);
        db.LineConversations.Remove(conversation);
        _replies.Add(script.Received(report.Category, null));
        LineChatTelemetry.Reports.Add(1, new KeyValuePair<string, object?>("category", report.Category));
        LogReported(report.ReportId, report.PhotoMessageIds.Count);
        return report.ReportId;
    }

    private async Task<Guid?> SupportAsync(LineConversation conversation, LineReporter reporter, Guid requestId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var request = await db.RequestCopies.AsNoTracking().FirstAsync(r => r.Id == requestId, cancellationToken);
        db.EnqueueEvent(new LineSupportGiven { RequestId = requestId, SupporterSubject = reporter.Subject, GivenAt = at }, time);
        db.LineConversations.Remove(conversation);
        _replies.Add(script.Supported(request.Number));
        LineChatTelemetry.Supports.Add(1);
        return null;
    }

    private LineConversation Restart(LineConversation? conversation, string userId, DateTimeOffset at)
    {
        Remove(conversation);
        var started = LineConversation.Start(userId, at);
        db.LineConversations.Add(started);
        return started;
    }

    private void Remove(LineConversation? conversation)
    {
        if (conversation is not null)
        {
            db.LineConversations.Remove(conversation);
        }
    }

    private string? CategoryOf(ChatInput input)
    {
        var said = (input.Value ?? input.Text)?.Trim();
        return LineChatScript.Categories.FirstOrDefault(c => c.Code == said || c.Label == said || script.CategoryName(c.Code) == said).Code;
    }

    private async Task<List<RequestCopy>> OpenRequestsOfAsync(string subject, CancellationToken cancellationToken)
    {
        var open = RequestCopy.OpenStatuses.ToList();
        return await db.RequestCopies.AsNoTracking()
            .Where(r => r.SubmitterSubject == subject && open.Contains(r.Status))
            .OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Take(10)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The nearest open request of the category within "me too" distance of the point, not the reporter's own.</summary>
    private async Task<(RequestCopy Request, double Metres)?> NearestOpenAsync(string category, GeoPoint point, string subject, CancellationToken cancellationToken)
    {
        var degrees = _line.MeTooRadiusMetres / 111_320d * 1.5;
        var (minLat, maxLat) = (point.Latitude - degrees, point.Latitude + degrees);
        var (minLon, maxLon) = (point.Longitude - degrees * 1.1, point.Longitude + degrees * 1.1);
        var open = RequestCopy.OpenStatuses.ToList();
        var candidates = await db.RequestCopies.AsNoTracking()
            .Where(r => r.Category == category && open.Contains(r.Status) && r.SubmitterSubject != subject
                && r.Latitude >= minLat && r.Latitude <= maxLat && r.Longitude >= minLon && r.Longitude <= maxLon)
            .Take(200)
            .ToListAsync(cancellationToken);
        return candidates
            .Select(r => (Request: r, Metres: Metres(point, r.Location!.Value)))
            .Where(c => c.Metres <= _line.MeTooRadiusMetres)
            .OrderBy(c => c.Metres).ThenBy(c => c.Request.Id)
            .Select(c => ((RequestCopy, double)?)c)
            .FirstOrDefault();
    }

    private static double Metres(GeoPoint a, GeoPoint b) => a.DistanceKmTo(b) * 1000;

    [LoggerMessage(LogLevel.Information, "A LINE report {ReportId} was finished with {Photos} photo(s).")]
    private partial void LogReported(Guid reportId, int photos);

    [LoggerMessage(LogLevel.Information, "A LINE reporter at the limit of {PerDay} reports in 24 hours asked to report again: told when they may.")]
    private partial void LogLimited(int perDay);

    [LoggerMessage(LogLevel.Information, "A LINE reporter was erased at their request.")]
    private partial void LogErased();
}
