using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Persistence;
using Municipal.Messaging.Signals;

namespace Municipal.Messaging.Outbox;

/// <summary>A parked outbox row: what it is and why it stopped, never its payload (it may hold personal data).</summary>
public sealed record ParkedEventView(
    Guid Id, string MessageType, string? OrderingKey, int Attempts, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? ParkedAt, int WaitingBehind);

public enum RedriveOutcome
{
    Redriven,
    Unknown,
    AlreadyPublished,
    NotParked,
}

/// <summary>The events a service's outbox parked, for admins: listed oldest first, and re-driven once mended.</summary>
public sealed class ParkedEvents(ServiceDbContext db, CommitSignal<OutboxMessage> signal)
{
    public async Task<(IReadOnlyList<ParkedEventView> Items, int Total)> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var parked = db.OutboxMessages.AsNoTracking().Where(m => m.ParkedAt != null && m.SentAt == null);
        var total = await parked.CountAsync(cancellationToken);
        var rows = await parked.OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence).ThenBy(m => m.Id)
            .Skip(skip).Take(take)
            .Select(m => new { m.Id, m.MessageType, m.OrderingKey, m.Attempts, m.LastError, m.CreatedAt, m.ParkedAt })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => r.OrderingKey).OfType<string>().Distinct().ToList();
        var waiting = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.ParkedAt == null && m.OrderingKey != null && keys.Contains(m.OrderingKey))
            .GroupBy(m => m.OrderingKey!)
            .Select(g => new { Key = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var items = rows.Select(r => new ParkedEventView(
            r.Id, r.MessageType, r.OrderingKey, r.Attempts, r.LastError, r.CreatedAt, r.ParkedAt,
            r.OrderingKey is { } key ? waiting.GetValueOrDefault(key) : 0)).ToList();
        return (items, total);
    }

    /// <summary>Gives a parked event a fresh round of attempts; the events behind it follow.</summary>
    public async Task<RedriveOutcome> RedriveAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.SentAt, m.ParkedAt }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return RedriveOutcome.Unknown;
        }

        // One conditional update: a row re-driven twice at once, or sent meanwhile, changes once.
        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.ParkedAt != null && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
        {
            return row.SentAt is not null ? RedriveOutcome.AlreadyPublished : RedriveOutcome.NotParked;
        }

        signal.Notify();
        return RedriveOutcome.Redriven;
    }
}
