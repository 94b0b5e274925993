using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// PDPA erasure of a submitter, whoever they are: a person of the registry (<c>PersonErased</c>: their person id and
/// sign-in subject), a LINE reporter (<c>LineReporterErased</c>: their <c>line:…</c> subject), or a phoned-in or Open311
/// submitter whom staff erase (<see cref="SubmitterPrivacy"/>: their requests). Their requests stay (the problem is the
/// community's) but lose everything that identifies them (name, phone, e-mail, device and account ids; contact details
/// typed into the text are masked); the events that carried the subject and the text leave the outbox, and the
/// remembered answers of those requests go. With a subject, their "me too" supports stay counted without it, and it
/// leaves the history, photo uploads, plan notes and the answers remembered for them.
/// Nothing is saved here: the caller commits it (a consumer's base with its inbox record), in its transaction.
/// </summary>
public sealed class SubmitterErasure(RequestsDbContext db, TimeProvider time)
{
    /// <summary>The events of a request's key that carried its submitter's subject or words (the title they typed).</summary>
    private static readonly Type[] CarryingValues =
    [
        typeof(RequestSubmitted), typeof(RequestStatusChanged), typeof(RequestPlaced), typeof(RequestFeedbackRequested),
        typeof(RequestEscalated), typeof(RequestRerouted), typeof(RequestAssignedToOfficer),
    ];

    /// <returns>How many requests were scrubbed.</returns>
    public async Task<int> EraseAsync(Guid? personId, string? subject, CancellationToken cancellationToken)
    {
        subject = string.IsNullOrWhiteSpace(subject) ? null : subject;
        var requests = await db.Requests
            .Where(r => (personId != null && r.SubmitterPersonId == personId) || (subject != null && r.SubmitterSubject == subject))
            .ToListAsync(cancellationToken);
        await EraseSubmitterOfAsync(requests, cancellationToken);
        // As staff erasure does: the other services forget what they hold about each request's submitter (Notifications'
        // notices and chat copy carry the title they typed).
        var now = time.GetUtcNow();
        foreach (var request in requests)
        {
            db.EnqueueEvent(new RequestSubmitterErased { RequestId = request.Id, OccurredAt = now }, time);
        }

        if (subject is not null)
        {
            foreach (var support in await db.Supports.Where(s => s.Subject == subject).ToListAsync(cancellationToken))
            {
                // The key holds the subject: replace the row rather than edit its key.
                db.Supports.Remove(support);
                var anonymous = new RequestSupport(support.RequestId, support.Subject, support.At);
                anonymous.EraseSupporter();
                db.Supports.Add(anonymous);
            }

            foreach (var entry in await db.History.Where(h => h.ActorSubject == subject).ToListAsync(cancellationToken))
            {
                entry.EraseActor();
            }

            foreach (var photo in await db.Photos.Where(p => p.UploadedBySubject == subject).ToListAsync(cancellationToken))
            {
                photo.EraseUploader();
            }

            foreach (var note in await db.PlanProgressNotes.Where(n => n.BySubject == subject).ToListAsync(cancellationToken))
            {
                note.EraseAuthor();
            }

            await db.IdempotencyRecords.Where(r => r.Caller == subject).ExecuteDeleteAsync(cancellationToken);

            // An erased officer: off the roster, off the requests they held and the history of who was assigned them
            // (which kept the name they had on the roster, or their subject), out of the notes they wrote.
            var rosterNames = await db.Officers.Where(o => o.Subject == subject && o.Name != null).Select(o => o.Name!).ToListAsync(cancellationToken);
            foreach (var entry in await db.History
                .Where(h => h.Kind == HistoryKinds.Assigned && h.AssigneeName != null && (h.AssigneeName == subject || rosterNames.Contains(h.AssigneeName)))
                .ToListAsync(cancellationToken))
            {
                entry.EraseAssignee();
            }

            await db.Officers.Where(o => o.Subject == subject).ExecuteDeleteAsync(cancellationToken);
            await db.Requests.Where(r => r.AssigneeSubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.AssigneeSubject, (string?)null).SetProperty(r => r.AssigneeName, (string?)null), cancellationToken);
            foreach (var note in await db.Notes.Where(n => n.AuthorSubject == subject).ToListAsync(cancellationToken))
            {
                note.EraseAuthor();
            }

            // Their answers about fixes of others' requests stay counted, without who gave them.
            foreach (var feedback in await db.Feedback.Where(f => f.RespondentSubject == subject).ToListAsync(cancellationToken))
            {
                feedback.EraseRespondent();
            }
        }

        return requests.Count;
    }

    /// <summary>
    /// Erases the submitter of these requests: their details on each, the remembered answers of each (those of phoned-in
    /// and Open311 requests carry the caller's name and phone), and the outbox rows of each that carried them. The
    /// erasure event that follows those rows, where there is one, tells consumers to forget.
    /// </summary>
    public async Task EraseSubmitterOfAsync(IReadOnlyCollection<ServiceRequest> requests, CancellationToken cancellationToken)
    {
        foreach (var request in requests)
        {
            request.EraseSubmitter();
        }

        var ids = requests.Select(r => r.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await db.IdempotencyRecords.Where(r => r.ResourceId != null && ids.Contains(r.ResourceId.Value)).ExecuteDeleteAsync(cancellationToken);
        // What staff typed about the request may hold the submitter's contact (a number to call back): masked.
        foreach (var entry in await db.History.Where(h => ids.Contains(h.RequestId) && h.Note != null).ToListAsync(cancellationToken))
        {
            entry.MaskNote();
        }

        foreach (var note in await db.Notes.Where(n => ids.Contains(n.RequestId)).ToListAsync(cancellationToken))
        {
            note.MaskText();
        }

        // Their answers about the fixes stay counted, without who gave them or what they typed about themselves.
        foreach (var feedback in await db.Feedback.Where(f => ids.Contains(f.RequestId)).ToListAsync(cancellationToken))
        {
            feedback.EraseRespondent();
        }

        foreach (var id in ids)
        {
            await db.ForgetAsync($"request:{id:D}", CarryingValues, cancellationToken);
        }
    }
}
