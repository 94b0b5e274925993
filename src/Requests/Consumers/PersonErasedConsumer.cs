using Municipal.Messaging.Idempotency;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Outbox;
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
        }

        var requestIds = requests.Select(r => r.Id).ToList();
        if (requestIds.Count > 0)
        {
            // Remembered answers of phoned-in requests carry the caller's name and phone.
            await Db.IdempotencyRecords.Where(r => r.ResourceId != null && requestIds.Contains(r.ResourceId.Value)).ExecuteDeleteAsync(cancellationToken);
            foreach (var requestId in requestIds)
            {
                // The events that carried the subject and the text leave the outbox too.
                await Db.ForgetAsync($"request:{requestId:D}", [typeof(RequestSubmitted), typeof(RequestStatusChanged)], cancellationToken);
            }
        }

        LogErased(person.PersonId, scrubbed);
    }

    [LoggerMessage(LogLevel.Information, "Erased person {PersonId} from {Count} request(s).")]
    private partial void LogErased(Guid personId, int count);
}
