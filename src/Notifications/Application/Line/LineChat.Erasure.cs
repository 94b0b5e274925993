using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;

namespace Municipal.Notifications.Application.Line;

// What the chat forgets of a reporter: all of it when they erase themselves, what ties them to LINE when they unfollow.
public sealed partial class LineChat
{
    /// <summary>
    /// PDPA erasure of a LINE reporter: the link between their LINE account and their alias goes, with their report in
    /// progress and every answer of the chat to them, sent or not (each holds their LINE user id and what it said: their
    /// request numbers, the notes of "เรื่องของฉัน"); their notices lose their text; Requests is told to forget the alias.
    /// </summary>
    private async Task EraseAsync(LineReporter reporter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.LineOutgoing.Where(o => o.LineUserId == reporter.LineUserId).ExecuteDeleteAsync(cancellationToken);
        await ForgetAsync(reporter, now, cancellationToken);
        db.EnqueueEvent(new LineReporterErased { ReporterSubject = reporter.Subject, OccurredAt = now }, time);
        LogErased();
    }

    /// <summary>
    /// The user blocked or left the official account (<c>unfollow</c>): nothing reaches them on LINE any more, so what
    /// ties them to their LINE account goes (docs/privacy.md): their <c>LineReporters</c> row (the only link between the
    /// alias their reports carry and their LINE user id, with its daily count), every answer or push waiting for them,
    /// and the text of their deliveries. Their reports stay with Requests under the alias, which no longer leads to
    /// anyone: unlike "ลบข้อมูลของฉัน", nothing is erased there. Saving is the caller's.
    /// </summary>
    public async Task ForgetUnfollowedAsync(string lineUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.LineOutgoing.Where(o => o.LineUserId == lineUserId).ExecuteDeleteAsync(cancellationToken);
        var reporter = await db.LineReporters.FirstOrDefaultAsync(r => r.LineUserId == lineUserId, cancellationToken);
        if (reporter is null)
        {
            return;
        }

        await ForgetAsync(reporter, now, cancellationToken);
    }

    /// <summary>What both ways forget: the reporter's row, the alias on the copies of their requests, their notices' text.</summary>
    private async Task ForgetAsync(LineReporter reporter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.LineReporters.Remove(reporter);
        foreach (var copy in await db.RequestCopies.Where(r => r.SubmitterSubject == reporter.Subject).ToListAsync(cancellationToken))
        {
            copy.ForgetSubmitter();
        }

        var key = Recipient.LineReporterKey(reporter.Subject);
        foreach (var delivery in await db.Deliveries.Where(d => d.RecipientKey == key).ToListAsync(cancellationToken))
        {
            delivery.Scrub(now);
        }
    }
}
