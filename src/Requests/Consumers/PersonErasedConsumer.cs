using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>PDPA erasure of a person of the registry: by their person id and sign-in subject (<see cref="SubmitterErasure"/>).</summary>
public sealed partial class PersonErasedConsumer(RequestsDbContext db, SubmitterErasure erasure, TimeProvider time, ILogger<PersonErasedConsumer> logger)
    : IdempotentConsumer<PersonErased, RequestsDbContext>(db, time)
{
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken)
    {
        var person = context.Message;
        // The registry's copy of the person goes, and the erasure is remembered against a late PersonRegistered.
        await PersonCopy.EraseAsync(Db, person.PersonId, person.OccurredAt, cancellationToken);
        var scrubbed = await erasure.EraseAsync(person.PersonId, person.Subject, cancellationToken);
        LogErased(person.PersonId, scrubbed);
    }

    [LoggerMessage(LogLevel.Information, "Erased person {PersonId} from {Count} request(s).")]
    private partial void LogErased(Guid personId, int count);
}
