using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using System.Security.Cryptography;
using System.Text;

namespace Municipal.Messaging.Idempotency;

/// <summary>
/// The first answer to a create request that carried an <c>Idempotency-Key</c>, per caller, with a fingerprint of what
/// was asked: a retry with the same key and body gets this answer again; the same key with another body is refused.
/// Stored in the same transaction as what the request created (every service's <see cref="Persistence.ServiceDbContext"/>
/// carries the table); a unique index on (caller, key) settles two retries racing each other. Kept for
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    public const string Header = "Idempotency-Key";
    public const int KeyMaxLength = 128;
    public const int CallerMaxLength = 160;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private IdempotencyRecord()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The caller: a sign-in subject, or e.g. <c>open311:{key id}</c>.</summary>
    public string Caller { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of what was asked, so the same key with another body is told apart.</summary>
    public string Fingerprint { get; private set; } = "";

    public int StatusCode { get; private set; }

    public string ContentType { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Location { get; private set; }

    /// <summary>What the request created.</summary>
    public Guid? ResourceId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotencyRecord Create(
        string caller, string key, string fingerprint, int statusCode, string contentType, string body, string? location, Guid? resourceId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Caller = caller,
        Key = key,
        Fingerprint = fingerprint,
        StatusCode = statusCode,
        ContentType = contentType,
        Body = body,
        Location = location,
        ResourceId = resourceId,
        CreatedAt = now,
    };

    public static string FingerprintOf(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>A key is 1–128 visible ASCII characters (a UUID is typical).</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= KeyMaxLength && key.All(c => c is > ' ' and <= '~');

    public bool IsExpired(DateTimeOffset now) => now - CreatedAt > Lifetime;
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("IdempotencyRecords");
        record.HasKey(r => r.Id);
        record.Property(r => r.Id).ValueGeneratedNever();
        record.Property(r => r.Caller).HasMaxLength(IdempotencyRecord.CallerMaxLength);
        record.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        record.Property(r => r.Fingerprint).HasMaxLength(64);
        record.Property(r => r.ContentType).HasMaxLength(100);
        record.Property(r => r.Location).HasMaxLength(200);
        // The database settles two retries racing each other: only one record per caller and key.
        record.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        record.HasIndex(r => r.CreatedAt);
    }
}
