using System.Security.Cryptography;
using System.Text;

namespace Municipal.Requests.Domain;

/// <summary>
/// A key an Open311 client sends as <c>api_key</c> to submit requests. Only its SHA-256 hash is stored:
/// the key itself is shown once, when it is issued.
/// </summary>
public sealed class Open311ApiKey
{
    public const int NameMaxLength = 200;
    private const string Prefix = "o311_";

    private Open311ApiKey()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Who the key is for, e.g. "Traffy Fondue bridge".</summary>
    public string Name { get; private set; } = "";

    public string KeyHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string? CreatedBySubject { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>A new key and the secret to hand over (never stored).</summary>
    public static (Open311ApiKey Key, string Secret) Issue(string name, string? createdBySubject, DateTimeOffset now)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return (new Open311ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            KeyHash = Hash(secret),
            CreatedAt = now,
            CreatedBySubject = createdBySubject,
        }, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim())));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
