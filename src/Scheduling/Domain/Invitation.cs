namespace Municipal.Scheduling.Domain;

/// <summary>An invitation to a session for a current holder of one of the programme's target offices. One per person and session.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>The office that made the person a target, e.g. <c>president</c>.</summary>
    public string Role { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public string? IssuedBySubject { get; set; }
}

/// <summary>The secret address of a person's calendar feed. Only its SHA-256 hash is stored.</summary>
public sealed class PersonFeed
{
    public Guid PersonId { get; set; }

    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public static string NewSecret() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
