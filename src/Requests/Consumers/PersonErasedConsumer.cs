using Municipal.Messaging.Idempotency;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>
/// PDPA erasure: the person's requests stay (the problem is the community's) but lose everything that
/// identifies them: the link to their account, name, phone, and contact details typed into the text. Their
/// "me too" supports stay counted without their subject; their name leaves the history, photo uploads,
/// plan notes and remembered idempotent answers.
/// </summary>
public sealed partial class PersonErasedConsumer(RequestsDbContext db, TimeProvider time, ILogger<PersonErasedConsumer> logger)
    : IdempotentConsumer<PersonErased, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken)
    {
        var person = context.Message;
        var subject = string.IsNullOrWhiteSpace(person.Subject) ? null : person.Subject;

        var requests = await Db.Requests
            .Where(r => r.SubmitterPersonId == person.PersonId || (subject != null && r.SubmitterSubject == subject))
            .ToListAsync(cancellationToken);
        foreach (var request in requests)
        {
            request.EraseSubmitter();
        }

        var scrubbed = requests.Count;
        if (subject is not null)
        {
            foreach (var support in await Db.Supports.Where(s => s.Subject == subject).ToListAsync(cancellationToken))
            {
                // The key holds the subject: replace the row rather than edit its key.
                Db.Supports.Remove(support);
                var anonymous = new Domain.RequestSupport(support.RequestId, support.Subject, support.At);
                anonymous.EraseSupporter();
                Db.Supports.Add(anonymous);
            }

            foreach (var entry in await Db.History.Where(h => h.ActorSubject == subject).ToListAsync(cancellationToken))
            {
                entry.EraseActor();
            }

            foreach (var photo in await Db.Photos.Where(p => p.UploadedBySubject == subject).ToListAsync(cancellationToken))
            {
                photo.EraseUploader();
            }

            foreach (var note in await Db.PlanProgressNotes.Where(n => n.BySubject == subject).ToListAsync(cancellationToken))
            {
                note.EraseAuthor();
            }

            await Db.IdempotencyRecords.Where(r => r.Caller == subject).ExecuteDeleteAsync(cancellationToken);

            // An erased officer: off the roster, off the requests they held, out of the notes they wrote.
            await Db.Officers.Where(o => o.Subject == subject).ExecuteDeleteAsync(cancellationToken);
            await Db.Requests.Where(r => r.AssigneeSubject == subject)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.AssigneeSubject, (string?)null).SetProperty(r => r.AssigneeName, (string?)null), cancellationToken);
            foreach (var note in await Db.Notes.Where(n => n.AuthorSubject == subject).ToListAsync(cancellationToken))
            {
                note.EraseAuthor();
            }
        }

        var requestIds = requests.Select(r => r.Id).ToList();
        // Their answers about fixes stay counted, without who gave them or what they typed about themselves.
        foreach (var feedback in await Db.Feedback.Where(f => (subject != null && f.RespondentSubject == subject) || requestIds.Contains(f.RequestId)).ToListAsync(cancellationToken))
        {
            feedback.EraseRespondent();
        }

        if (requestIds.Count > 0)
        {
            // Remembered answers of phoned-in requests carry the caller's name and phone.
            await Db.IdempotencyRecords.Where(r => r.ResourceId != null && requestIds.Contains(r.ResourceId.Value)).ExecuteDeleteAsync(cancellationToken);
        }

        LogErased(person.PersonId, scrubbed);
    }

    [LoggerMessage(LogLevel.Information, "Erased person {PersonId} from {Count} request(s).")]
    private partial void LogErased(Guid personId, int count);
}
