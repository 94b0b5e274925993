using System.Security.Cryptography;
using System.Text;

namespace Municipal.Notifications.Domain;

/// <summary>
/// A one-time code that links a LINE user id to a signed-in person: the person asks for it here and sends
/// it as a message to the municipality's LINE official account; the webhook matches it. Only a hash is
/// stored; a code works once and expires.
/// </summary>
public sealed class LineLinkCode
{
    /// <summary>No 0/O, 1/I/L: easy to read and type on a phone.</summary>
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;

    private LineLinkCode()
    {
    }

    public string CodeHash { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public static (LineLinkCode Record, string Code) Issue(string subject, DateTimeOffset now, TimeSpan lifetime)
    {
        var code = string.Create(Length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
        return (new LineLinkCode { CodeHash = Hash(code), Subject = subject, CreatedAt = now, ExpiresAt = now + lifetime }, code);
    }

    /// <summary>Codes are matched without regard to case, spaces, dashes or words around them ("รหัส K7Q4-P2XZ").</summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var cleaned = new string(text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return cleaned.Length == Length && cleaned.All(Alphabet.Contains) ? cleaned : null;
    }

    public static string Hash(string normalizedCode) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedCode)));

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    public void Use(DateTimeOffset now) => UsedAt = now;
}
