using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// PDPA erasure of a submitter, whoever they are: a person of the registry (<c>PersonErased</c>: their person id and
/// sign-in subject) or a LINE reporter (<c>LineReporterErased</c>: their <c>line:…</c> subject). Their requests stay
/// (the problem is the community's) but lose everything that identifies them; their "me too" supports stay counted
/// without their subject; their subject leaves the history, photo uploads, plan notes and remembered idempotent answers.
/// Nothing is saved here: the consumer's base commits it with its inbox record.
/// </summary>
public sealed class SubmitterErasure(RequestsDbContext db)
{
    /// <returns>How many requests were scrubbed.</returns>
    public async Task<int> EraseAsync(Guid? personId, string? subject, CancellationToken cancellationToken)
    {
        subject = string.IsNullOrWhiteSpace(subject) ? null : subject;
        var requests = await db.Requests
            .Where(r => (personId != null && r.SubmitterPersonId == personId) || (subject != null && r.SubmitterSubject == subject))
            .ToListAsync(cancellationToken);
        foreach (var request in requests)
        {
            request.EraseSubmitter();
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
        }

        var requestIds = requests.Select(r => r.Id).ToList();
        if (requestIds.Count > 0)
        {
            // Remembered answers of phoned-in and Open311 requests carry the caller's name and phone.
            await db.IdempotencyRecords.Where(r => r.ResourceId != null && requestIds.Contains(r.ResourceId.Value)).ExecuteDeleteAsync(cancellationToken);
        }

        return requests.Count;
    }
}
