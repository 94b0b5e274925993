using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Municipal.Messaging.Outbox;

/// <summary>
/// An event waiting to be published, stored in the same transaction as the change that caused it.
/// Its <see cref="Id"/> becomes the message id, so consumers can recognise a redelivery.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>The contract's full type name, e.g. <c>Municipal.Contracts.RequestSubmitted</c>.</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Orders events stored at the same instant in the order they were raised.</summary>
    public long Sequence { get; init; }

    /// <summary>W3C trace context of the request that raised the event, so the trace continues across the broker.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>
    /// The aggregate the event belongs to (e.g. <c>person:…</c>, <c>request:…</c>; see <see cref="OrderingKeys"/>):
    /// events with one key are published in the order they were raised, and wait behind a parked one of theirs.
    /// Null: ordered with nothing.
    /// </summary>
    public string? OrderingKey { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>After a failed publish: not tried again before this instant.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>A relay that claimed the row holds it until this instant; another relay takes it over after that.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public Guid? LockToken { get; set; }

    /// <summary>
    /// Set when the relay gave up on the row after <see cref="OutboxOptions.MaxAttempts"/> (it cannot be turned into a
    /// message, or the broker keeps refusing it): kept with <see cref="LastError"/>, published only once an admin
    /// re-drives it, and the later events of its <see cref="OrderingKey"/> wait behind it.
    /// </summary>
    public DateTimeOffset? ParkedAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageType).HasMaxLength(256);
        builder.Property(m => m.TraceParent).HasMaxLength(128);
        builder.Property(m => m.TraceState).HasMaxLength(512);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.OrderingKey).HasMaxLength(200);
        builder.HasIndex(m => new { m.SentAt, m.CreatedAt, m.Sequence });
        builder.HasIndex(m => m.ParkedAt);
    }
}
