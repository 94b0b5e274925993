using Municipal.Edge;

namespace Municipal.Requests.Domain;

// What a request holds besides its own fields: its history, photos, supports and media links.

/// <summary>One change of state: who, when, from what to what, and why.</summary>
public sealed partial class RequestHistoryEntry
{
    private RequestHistoryEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Null for the submission itself.</summary>
    public RequestStatus? From { get; private set; }

    public RequestStatus To { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The division assigned by this change (triage).</summary>
    public string? DivisionCode { get; private set; }

    /// <summary>The sign-in subject of whoever made the change; <c>system</c> for the service itself.</summary>
    public string? ActorSubject { get; private set; }

    /// <summary>staff, admin, resident, community-leader, system…: what others may know of who did it.</summary>
    public string ActorRole { get; private set; } = "";

    public static RequestHistoryEntry Create(Guid requestId, RequestStatus? from, RequestStatus to, string? note, Caller actor, DateTimeOffset at, string? divisionCode = null) => new()
    {
        Id = Guid.CreateVersion7(at),
        RequestId = requestId,
        At = at,
        From = from,
        To = to,
        Note = note,
        DivisionCode = divisionCode,
        ActorSubject = actor.Subject,
        ActorRole = Actors.RoleNameOf(actor),
    };

    public void EraseActor() => ActorSubject = null;

    /// <summary>The submitter was erased: contact details staff typed into the note (a number to call back) are masked.</summary>
    public void MaskNote() => Note = PersonalData.MaskOrNull(Note);
}

/// <summary>A photo of the problem, stored as a file outside the database.</summary>
public sealed partial class RequestPhoto
{
    private RequestPhoto()
    {
    }

    public RequestPhoto(Guid requestId, int number, string contentType, long size, string fileName, string? uploadedBySubject, DateTimeOffset uploadedAt)
    {
        RequestId = requestId;
        Number = number;
        ContentType = contentType;
        Size = size;
        FileName = fileName;
        UploadedBySubject = uploadedBySubject;
        UploadedAt = uploadedAt;
    }

    public Guid RequestId { get; private set; }

    /// <summary>1, 2 or 3.</summary>
    public int Number { get; private set; }

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    /// <summary>The file's name in the photo store (not the uploader's name for it).</summary>
    public string FileName { get; private set; } = "";

    public string? UploadedBySubject { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public void EraseUploader() => UploadedBySubject = null;
}

/// <summary>"Me too": a resident backs an existing request instead of filing it again.</summary>
public sealed class RequestSupport
{
    private RequestSupport()
    {
    }

    public RequestSupport(Guid requestId, string subject, DateTimeOffset at)
    {
        RequestId = requestId;
        Subject = subject;
        At = at;
    }

    public Guid RequestId { get; private set; }

    public string Subject { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    /// <summary>Keeps the support counted but no longer tied to the erased person.</summary>
    public void EraseSupporter() => Subject = "erased:" + Guid.NewGuid().ToString("N");
}

/// <summary>A picture an Open311 client hosts itself (one of its <c>media_url</c> values): a link, not a stored file.</summary>
public sealed class RequestMediaLink
{
    private RequestMediaLink()
    {
    }

    public RequestMediaLink(Guid requestId, int number, string url)
    {
        RequestId = requestId;
        Number = number;
        Url = url;
    }

    public Guid RequestId { get; private set; }

    /// <summary>1, 2, …: the order the client gave.</summary>
    public int Number { get; private set; }

    public string Url { get; private set; } = "";
}
