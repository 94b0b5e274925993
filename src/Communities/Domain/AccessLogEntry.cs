using Municipal.Edge;

namespace Municipal.Communities.Domain;

/// <summary>
/// One read of a person's contact details (phone, email, LINE id) by someone other than the person (PDPA):
/// who read them, when, whose, and through what.
/// </summary>
public sealed class AccessLogEntry
{
    private AccessLogEntry()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The reader's sign-in subject.</summary>
    public string AccessorSubject { get; private set; } = "";

    /// <summary>The reader's roles at the time, space-separated.</summary>
    public string AccessorRoles { get; private set; } = "";

    /// <summary>Whose contact details were read.</summary>
    public Guid PersonId { get; private set; }

    /// <summary>What showed them: <c>person</c>, <c>community-offices</c>, <c>export</c>.</summary>
    public string Purpose { get; private set; } = "";

    public static AccessLogEntry Record(Caller reader, Guid personId, string purpose, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        At = now,
        AccessorSubject = reader.Subject ?? "",
        AccessorRoles = string.Join(' ', reader.Roles.Order(StringComparer.Ordinal)),
        PersonId = personId,
        Purpose = purpose,
    };
}
