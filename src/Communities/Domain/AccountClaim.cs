using System.Security.Cryptography;
using System.Text;

namespace Municipal.Communities.Domain;

/// <summary>
/// A signed-in account asking to be linked to its person in the registry: the account gives the phone number the
/// registry holds, the person receives a one-time code on that phone, and typing it back links the account (the
/// person's sign-in subject) with no clerk. Only a hash of the code is kept; a code works once, for
/// <see cref="Lifetime"/>, with at most <see cref="MaxAttempts"/> tries. A request whose phone matched nobody is kept
/// too (without a person): it is what a clerk finds by the account's name when the code cannot reach the person.
/// </summary>
public sealed class AccountClaim
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public const int MaxAttempts = 5;
    public const int CodeLength = 6;

    /// <summary>How many codes one account may ask for within an hour (each one is an SMS).</summary>
    public const int MaxPerHour = 3;

    /// <summary>How long a request stays in the clerk's list.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(14);

    private AccountClaim()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The account (token <c>sub</c>) that asked.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>The account's display name as its token gave it, for the clerk's search.</summary>
    public string? AccountName { get; private set; }

    /// <summary>The person whose phone matched; null when none did (the code went nowhere).</summary>
    public Guid? PersonId { get; private set; }

    public string CodeHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int AttemptsLeft => Math.Max(0, MaxAttempts - Attempts);

    public static (AccountClaim Claim, string Code) Issue(string subject, string? accountName, Guid? personId, DateTimeOffset now)
    {
        var code = string.Create(CodeLength, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
        var id = Guid.CreateVersion7(now);
        return (new AccountClaim
        {
            Id = id,
            Subject = subject,
            AccountName = string.IsNullOrWhiteSpace(accountName) ? null : accountName.Trim()[..Math.Min(accountName.Trim().Length, 200)],
            PersonId = personId,
            CodeHash = Hash(id, code),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        }, code);
    }

    /// <summary>Codes are read without spaces or dashes, Thai digits as Arabic ones ("๑๒๓ ๔๕๖").</summary>
    public static string? Normalize(string? typed)
    {
        var digits = new string((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-')
            .Select(c => c is >= '\u0E50' and <= '\u0E59' ? (char)('0' + (c - '\u0E50')) : c).ToArray());
        return digits.Length == CodeLength && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public bool IsOpen(DateTimeOffset now) => CompletedAt is null && now < ExpiresAt && Attempts < MaxAttempts && PersonId is not null;

    /// <summary>Checks a typed code: a wrong one uses up a try.</summary>
    public bool Matches(string normalizedCode)
    {
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(Id, normalizedCode)), Encoding.ASCII.GetBytes(CodeHash)))
        {
            return true;
        }

        Attempts++;
        return false;
    }

    public void Complete(DateTimeOffset now) => CompletedAt = now;

    private static string Hash(Guid salt, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt:N}:{code}")));
}
