using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

/// <summary>Keeps the read copy of a community: requests are accepted only for communities the registry announced.</summary>
public sealed class CommunityRegisteredConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<CommunityRegistered, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<CommunityRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await CommunityCopy.UpsertAsync(Db, m.CommunityId, m.Code, m.NameTh, m.NameEn, m.Status, m.Latitude, m.Longitude, null, m.OccurredAt, cancellationToken);
    }
}

/// <summary>A community's details or status changed (a merged or dissolved community takes no new requests).</summary>
public sealed class CommunityChangedConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<CommunityChanged, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<CommunityChanged> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await CommunityCopy.UpsertAsync(Db, m.CommunityId, m.Code, m.NameTh, m.NameEn, m.Status, m.Latitude, m.Longitude, m.MergedInto, m.OccurredAt, cancellationToken);
    }
}

/// <summary>A division's names as the registry holds them (its code is the routing key).</summary>
public sealed class DivisionRegisteredConsumer(RequestsDbContext db, TimeProvider time)
    : IdempotentConsumer<DivisionRegistered, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<DivisionRegistered> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var division = await Db.Divisions.FindAsync([m.Code], cancellationToken);
        if (division is null)
        {
            Db.Divisions.Add(new Division(m.Code, m.NameTh, m.NameEn, m.DivisionId, m.OccurredAt));
        }
        else
        {
            division.Update(m.DivisionId, m.NameTh, m.NameEn, m.OccurredAt);
        }
    }
}

internal static class CommunityCopy
{
    /// <summary>Inserts or updates; events may arrive out of order, so an older one never overwrites a newer state.</summary>
    public static async Task UpsertAsync(RequestsDbContext db, Guid id, string code, string nameTh, string? nameEn, string status,
        double? latitude, double? longitude, Guid? mergedInto, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FindAsync([id], cancellationToken);
        if (community is null)
        {
            db.Communities.Add(new Community(id, code, nameTh, nameEn, status, latitude, longitude, mergedInto, occurredAt));
        }
        else
        {
            community.Update(code, nameTh, nameEn, status, latitude, longitude, mergedInto, occurredAt);
        }
    }
}
