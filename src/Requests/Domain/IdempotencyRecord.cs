using System.Security.Cryptography;
using System.Text;

namespace Municipal.Requests.Domain;

/// <summary>
/// The first answer to a submission sent with an <c>Idempotency-Key</c>: a retry with the same key by the
/// same caller gets it again instead of creating a second request.
/// </summary>
public sealed class IdempotencyRecord
{
    public const string Header = "Idempotency-Key";
    public const int KeyMaxLength = 128;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private IdempotencyRecord()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The caller: a sign-in subject, or <c>open311:{key id}</c>.</summary>
    public string Caller { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of what was asked, so the same key with another body is told apart.</summary>
    public string Fingerprint { get; private set; } = "";

    public int StatusCode { get; private set; }

    public string ContentType { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Location { get; private set; }

    public Guid RequestId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotencyRecord Create(string caller, string key, string fingerprint, int statusCode, string contentType, string body, string? location, Guid requestId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Caller = caller,
        Key = key,
        Fingerprint = fingerprint,
        StatusCode = statusCode,
        ContentType = contentType,
        Body = body,
        Location = location,
        RequestId = requestId,
        CreatedAt = now,
    };

    public static string FingerprintOf(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>A key is 1–128 visible ASCII characters (a UUID is typical).</summary>
    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= KeyMaxLength && key.All(c => c is > ' ' and <= '~');

    public bool IsExpired(DateTimeOffset now) => now - CreatedAt > Lifetime;
}
