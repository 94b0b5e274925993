using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>Keeps Requests' copy of terms of office, from which a leader's token is checked against the registry.</summary>
public sealed class OfficeAssignedConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeAssigned, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeAssigned> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var term = await Db.OfficeTerms.FindAsync([m.OfficeId], cancellationToken);
        if (term is null)
        {
            Db.OfficeTerms.Add(RegistryOfficeTerm.Assigned(m.OfficeId, m.PersonId, m.Role, m.CommunityId, m.StartDate, m.EndDate, m.OccurredAt));
            return;
        }

        // OfficeEnded came first: the assignment brings the real start; a newer end stands.
        term.Assign(m.PersonId, m.Role, m.CommunityId, m.StartDate, m.EndDate, m.OccurredAt);
    }
}

public sealed class OfficeEndedConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeEnded, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeEnded> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var term = await Db.OfficeTerms.FindAsync([m.OfficeId], cancellationToken);
        if (term is null)
        {
            Db.OfficeTerms.Add(RegistryOfficeTerm.EndedFirst(m.OfficeId, m.PersonId, m.Role, m.CommunityId, m.EndDate, m.OccurredAt));
            return;
        }

        term.End(m.EndDate, m.OccurredAt);
    }
}
