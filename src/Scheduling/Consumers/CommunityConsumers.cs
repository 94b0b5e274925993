using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Consumers;

/// <summary>Keeps the local copy of a community. Events may arrive out of order: an older one never overwrites a newer one.</summary>
internal static class CommunityCopy
{
    public static async Task UpsertAsync(SchedulingDbContext db, Guid id, string code, string nameTh, string? nameEn, string status, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FindAsync([id], cancellationToken);
        if (community is null)
        {
            db.Communities.Add(community = new RegistryCommunity { Id = id });
        }
        else if (community.UpdatedAt > occurredAt)
        {
            return;
        }

        community.Code = code;
        community.NameTh = nameTh;
        community.NameEn = nameEn;
        community.Status = status;
        community.UpdatedAt = occurredAt;
    }
}

public sealed class CommunityRegisteredConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<CommunityRegistered, SchedulingDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<CommunityRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return CommunityCopy.UpsertAsync(Db, m.CommunityId, m.Code, m.NameTh, m.NameEn, m.Status, m.OccurredAt, cancellationToken);
    }
}

public sealed class CommunityChangedConsumer(SchedulingDbContext db, TimeProvider time)
    : IdempotentConsumer<CommunityChanged, SchedulingDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<CommunityChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return CommunityCopy.UpsertAsync(Db, m.CommunityId, m.Code, m.NameTh, m.NameEn, m.Status, m.OccurredAt, cancellationToken);
    }
}
