using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Consumers;

/// <summary>Keeps the local copy of terms of office, from which invitations reach the current holders of a role.</summary>
public sealed class OfficeAssignedConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeAssigned, SchedulingDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeAssigned> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var office = await Db.Offices.FindAsync([m.OfficeId], cancellationToken);
        if (office is null)
        {
            Db.Offices.Add(office = new RegistryOffice { Id = m.OfficeId, EndDate = m.EndDate, UpdatedAt = m.OccurredAt });
        }
        else if (office.UpdatedAt <= m.OccurredAt)
        {
            // An end that arrived first (a later event) stands; otherwise the assignment's own end date holds.
            office.EndDate = m.EndDate;
            office.UpdatedAt = m.OccurredAt;
        }

        office.PersonId = m.PersonId;
        office.Role = m.Role;
        office.CommunityId = m.CommunityId;
        office.DivisionId = m.DivisionId;
        office.StartDate = m.StartDate;
    }
}

public sealed class OfficeEndedConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<OfficeEnded, SchedulingDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<OfficeEnded> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var office = await Db.Offices.FindAsync([m.OfficeId], cancellationToken);
        if (office is null)
        {
            // The end overtook the assignment: keep what we know; the assignment fills in the start when it comes.
            Db.Offices.Add(new RegistryOffice
            {
                Id = m.OfficeId,
                PersonId = m.PersonId,
                Role = m.Role,
                CommunityId = m.CommunityId,
                DivisionId = m.DivisionId,
                StartDate = m.EndDate,
                EndDate = m.EndDate,
                UpdatedAt = m.OccurredAt,
            });
            return;
        }

        if (office.UpdatedAt > m.OccurredAt)
        {
            return;
        }

        office.EndDate = m.EndDate;
        office.UpdatedAt = m.OccurredAt;
    }
}
