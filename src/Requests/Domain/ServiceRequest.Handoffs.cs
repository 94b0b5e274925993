using Municipal.Edge;

namespace Municipal.Requests.Domain;

// Hand-offs and proof of the fix on a request: re-routing to another division, the officer it is assigned to,
// and the "after" photos staff add when resolving.
public sealed partial class ServiceRequest
{
    public const int DefaultMaxAfterPhotos = 3;

    /// <summary>The officer of its division who works it (sign-in subject), or null while nobody is assigned.</summary>
    public string? AssigneeSubject { get; private set; }

    /// <summary>The officer's name as their token gave it, for the board.</summary>
    public string? AssigneeName { get; private set; }

    public DateTimeOffset? AssigneeSince { get; private set; }

    /// <summary>
    /// Hands the request to another division, with the reason: the officer assignment ends (it belonged to the old
    /// division), the state stays. The caller checked <see cref="HandoffRules.MayReroute"/>.
    /// </summary>
    public RequestHistoryEntry Reroute(string divisionCode, string reason, Caller actor, DateTimeOffset now)
    {
        if (divisionCode == DivisionCode)
        {
            throw new InvalidOperationException("A request is re-routed to another division.");
        }

        DivisionCode = divisionCode;
        AssignedAt = now;
        AssigneeSubject = null;
        AssigneeName = null;
        AssigneeSince = null;
        UpdatedAt = now;
        Version++;
        var entry = RequestHistoryEntry.Handoff(Id, Status, HistoryKinds.Rerouted, reason.Trim(), actor, now, divisionCode, null);
        _history.Add(entry);
        return entry;
    }

    /// <summary>Assigns it to an officer of its division, or (<paramref name="officer"/> null) to nobody.</summary>
    public RequestHistoryEntry AssignTo(Officer? officer, string? note, Caller actor, DateTimeOffset now)
    {
        if (officer is not null && officer.DivisionCode != DivisionCode)
        {
            throw new InvalidOperationException("A request is assigned to an officer of its own division.");
        }

        AssigneeSubject = officer?.Subject;
        AssigneeName = officer?.Name;
        AssigneeSince = officer is null ? null : now;
        UpdatedAt = now;
        Version++;
        var entry = RequestHistoryEntry.Handoff(Id, Status, HistoryKinds.Assigned, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), actor, now, null,
            officer is null ? null : officer.Name ?? officer.Subject);
        _history.Add(entry);
        return entry;
    }

    /// <summary>Adds an "after" photo of the fix in the next of its own slots (4 to 3 + <paramref name="maxAfter"/>).</summary>
    public RequestPhoto AddAfterPhoto(ImageFormat format, long size, string fileName, string? uploadedBySubject, DateTimeOffset now, int maxAfter)
    {
        if (AfterPhotoCount >= maxAfter)
        {
            throw new InvalidOperationException($"A request carries at most {maxAfter} photos of its fix.");
        }

        var number = Enumerable.Range(MaxPhotos + 1, maxAfter).First(n => _photos.All(p => p.Number != n));
        var photo = RequestPhoto.After(Id, number, format.ContentType, size, fileName, uploadedBySubject, now);
        _photos.Add(photo);
        UpdatedAt = now;
        Version++;
        return photo;
    }

    public int AfterPhotoCount => _photos.Count(p => p.Kind == PhotoKind.After);

    public int BeforePhotoCount => _photos.Count(p => p.Kind == PhotoKind.Before);
}

/// <summary>What a history entry records: a change of state, a re-routing, or an assignment.</summary>
public static class HistoryKinds
{
    public const string Status = "status";
    public const string Rerouted = "rerouted";
    public const string Assigned = "assigned";
}

public sealed partial class RequestHistoryEntry
{
    /// <summary><see cref="HistoryKinds"/>: <c>status</c>, <c>rerouted</c> or <c>assigned</c>.</summary>
    public string Kind { get; private set; } = HistoryKinds.Status;

    /// <summary>For an assignment: the officer's name (null when it was unassigned). Shown to officials only.</summary>
    public string? AssigneeName { get; private set; }

    /// <summary>A hand-off: the state stays (from = to), the division or the officer changes.</summary>
    public static RequestHistoryEntry Handoff(Guid requestId, RequestStatus status, string kind, string? note, Caller actor, DateTimeOffset at, string? divisionCode, string? assigneeName)
    {
        var entry = Create(requestId, status, status, note, actor, at, divisionCode);
        entry.Kind = kind;
        entry.AssigneeName = assigneeName;
        return entry;
    }

    public void EraseAssignee() => AssigneeName = null;
}

/// <summary>A photo of the problem (the citizen's, up to 3) or of its fix (staff's, "after", a limit of its own).</summary>
public enum PhotoKind
{
    Before,
    After,
}

public sealed partial class RequestPhoto
{
    public PhotoKind Kind { get; private set; } = PhotoKind.Before;

    public static RequestPhoto After(Guid requestId, int number, string contentType, long size, string fileName, string? uploadedBySubject, DateTimeOffset at) =>
        new(requestId, number, contentType, size, fileName, uploadedBySubject, at) { Kind = PhotoKind.After };
}
