using Municipal.Edge;

namespace Municipal.Requests.Domain;

/// <summary>
/// One read of a phoned-in or Open311 submitter's name and phone by someone other than the submitter (PDPA), as the
/// registry logs reads of its people's contact details: who read them, when, of which request, and through what.
/// </summary>
public sealed class ContactRead
{
    private ContactRead()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The reader's sign-in subject.</summary>
    public string AccessorSubject { get; private set; } = "";

    /// <summary>The reader's roles at the time, space-separated.</summary>
    public string AccessorRoles { get; private set; } = "";

    /// <summary>Whose submitter's contact was read.</summary>
    public Guid RequestId { get; private set; }

    /// <summary>What showed it: <c>request</c>.</summary>
    public string Purpose { get; private set; } = "";

    public static ContactRead Record(Caller reader, Guid requestId, string purpose, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        At = now,
        AccessorSubject = reader.Subject ?? "",
        AccessorRoles = string.Join(' ', reader.Roles.Order(StringComparer.Ordinal)),
        RequestId = requestId,
        Purpose = purpose,
    };
}
