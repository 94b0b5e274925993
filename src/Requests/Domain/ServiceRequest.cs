using Municipal.Edge;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>Who submitted a request: a signed-in person, or a resident whose name and phone staff took down.</summary>
public sealed record Submitter(string? Subject, Guid? PersonId = null, string? Name = null, string? PhoneE164 = null)
{
    public static readonly Submitter Nobody = new((string?)null);
}

/// <summary>A problem or need a community raised (คำร้อง), tracked until it is fixed or enters the development plan.</summary>
public sealed partial class ServiceRequest
{
    public const int AddressMaxLength = 300;
    public const int MaxPhotos = 3;

    private readonly List<RequestHistoryEntry> _history = [];
    private readonly List<RequestPhoto> _photos = [];
    private readonly List<RequestSupport> _supports = [];

    private ServiceRequest()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The number people quote on the phone, e.g. <c>R2569-0A1B2C3D</c>; also its Open311 id.</summary>
    public string Number { get; private set; } = "";

    public Guid CommunityId { get; private set; }

    public string Category { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>Where it is, in words, when there are no coordinates (or besides them).</summary>
    public string? AddressText { get; private set; }

    public RequestChannel Channel { get; private set; }

    /// <summary>The sign-in subject of whoever submitted it.</summary>
    public string? SubmitterSubject { get; private set; }

    public Guid? SubmitterPersonId { get; private set; }

    /// <summary>For requests phoned in or sent through Open311: the resident's name. Personal data.</summary>
    public string? SubmitterName { get; private set; }

    /// <summary>E.164. Personal data.</summary>
    public string? SubmitterPhone { get; private set; }

    /// <summary>The submitter was erased (PDPA): their details are gone, the problem stays.</summary>
    public bool SubmitterErased { get; private set; }

    /// <summary>The meeting (session) it was raised at.</summary>
    public Guid? SessionId { get; private set; }

    /// <summary>The <c>IssueRaisedAtSession.IssueId</c> it came from: one request per issue.</summary>
    public Guid? SourceIssueId { get; private set; }

    /// <summary>A picture the Open311 client hosts itself (<c>media_url</c>).</summary>
    public string? ExternalMediaUrl { get; private set; }

    public RequestStatus Status { get; private set; }

    /// <summary>The division responsible: the category's until triage confirms or changes it.</summary>
    public string DivisionCode { get; private set; } = "";

    /// <summary>When triage assigned the division.</summary>
    public DateTimeOffset? AssignedAt { get; private set; }

    public Guid? DuplicateOfId { get; private set; }

    public Guid? PlanProjectId { get; private set; }

    /// <summary>The note of the latest change (its reason, for a rejection).</summary>
    public string? StatusNote { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>The Thai fiscal year (B.E.) it was submitted in.</summary>
    public int FiscalYear { get; private set; }

    public DateTimeOffset FirstResponseDueAt { get; private set; }

    public DateTimeOffset ResolutionDueAt { get; private set; }

    /// <summary>When it first left <c>submitted</c>.</summary>
    public DateTimeOffset? FirstRespondedAt { get; private set; }

    /// <summary>When it was (last) resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>When it was closed, rejected or marked a duplicate.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Rises with every change; a concurrency token and the ETag.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<RequestHistoryEntry> History => _history;

    public IReadOnlyList<RequestPhoto> Photos => _photos;

    public IReadOnlyList<RequestSupport> Supports => _supports;

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    public static ServiceRequest Submit(
        RequestSubmission submission, RequestCategory category, RequestChannel channel, Submitter submitter, DateTimeOffset now,
        Caller? recordedBy = null, Guid? sessionId = null, Guid? sourceIssueId = null, string? externalMediaUrl = null)
    {
        if (category.Code != submission.Category)
        {
            throw new ArgumentException("The category does not match the submission.", nameof(category));
        }

        var id = Guid.CreateVersion7(now);
        var request = new ServiceRequest
        {
            Id = id,
            Number = NumberFor(id, now),
            CommunityId = submission.CommunityId,
            Category = submission.Category,
            Title = submission.Title.Trim(),
            Description = submission.Description.Trim(),
            Latitude = submission.Location?.Latitude,
            Longitude = submission.Location?.Longitude,
            AddressText = string.IsNullOrWhiteSpace(submission.AddressText) ? null : submission.AddressText.Trim(),
            Channel = channel,
            SubmitterSubject = submitter.Subject,
            SubmitterPersonId = submitter.PersonId,
            SubmitterName = string.IsNullOrWhiteSpace(submitter.Name) ? null : submitter.Name.Trim(),
            SubmitterPhone = submitter.PhoneE164,
            SessionId = sessionId,
            SourceIssueId = sourceIssueId,
            ExternalMediaUrl = externalMediaUrl,
            Status = RequestStatus.Submitted,
            DivisionCode = category.DivisionCode,
            SubmittedAt = now,
            FiscalYear = ThaiCalendar.FiscalYear.Of(now).BuddhistEra,
            FirstResponseDueAt = category.FirstResponseDue(now),
            ResolutionDueAt = category.ResolutionDue(now),
            UpdatedAt = now,
            Version = 1,
        };
        var actor = recordedBy ?? Actors.Recorded(submitter.Subject);
        request._history.Add(RequestHistoryEntry.Create(request.Id, null, RequestStatus.Submitted,
            sessionId is null ? null : "ยกขึ้นในการประชุม", actor, now));
        return request;
    }

    /// <summary>
    /// Applies a transition that <see cref="RequestWorkflow.Decide"/> allowed, and records it. References
    /// (division, duplicate, project) are checked by the caller.
    /// </summary>
    public RequestHistoryEntry Apply(TransitionCommand command, Caller actor, DateTimeOffset now)
    {
        if (!RequestWorkflow.Next(Status).Contains(command.To))
        {
            throw new InvalidOperationException($"A {Status.ToCode()} request cannot become {command.To.ToCode()}.");
        }

        var from = Status;
        Status = command.To;
        StatusNote = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        FirstRespondedAt ??= now;
        switch (command.To)
        {
            case RequestStatus.Triaged:
                DivisionCode = command.DivisionCode ?? DivisionCode;
                AssignedAt = now;
                break;
            case RequestStatus.Resolved:
                ResolvedAt = now;
                StartResolutionRound();
                break;
            case RequestStatus.InProgress when from == RequestStatus.Resolved:
                ResolvedAt = null; // reopened: it is not resolved any more
                ReopenCount++;
                break;
            case RequestStatus.Duplicate:
                DuplicateOfId = command.DuplicateOf;
                ClosedAt = now;
                break;
            case RequestStatus.ProposedForPlan:
                PlanProjectId = command.ProjectId;
                break;
            case RequestStatus.Rejected or RequestStatus.Closed:
                ClosedAt = now;
                break;
        }

        UpdatedAt = now;
        Version++;
        var entry = RequestHistoryEntry.Create(Id, from, command.To, StatusNote, actor, now, command.To == RequestStatus.Triaged ? DivisionCode : null);
        _history.Add(entry);
        return entry;
    }

    /// <summary>Adds a photo of the problem in the next free slot (1–3); "after" photos of the fix have slots of their own.</summary>
    public RequestPhoto AddPhoto(ImageFormat format, long size, string fileName, string? uploadedBySubject, DateTimeOffset now)
    {
        if (_photos.Count(p => p.Kind == PhotoKind.Before) >= MaxPhotos)
        {
            throw new InvalidOperationException($"A request carries at most {MaxPhotos} photos.");
        }

        var number = Enumerable.Range(1, MaxPhotos).First(n => _photos.All(p => p.Number != n));
        var photo = new RequestPhoto(Id, number, format.ContentType, size, fileName, uploadedBySubject, now);
        _photos.Add(photo);
        UpdatedAt = now;
        Version++;
        return photo;
    }

    /// <summary>
    /// PDPA erasure of the submitter: their identity and contact go, and contact details typed into the text are
    /// masked. Not a change of the request's state, so <see cref="UpdatedAt"/> (Open311's updated_datetime) stays.
    /// </summary>
    public void EraseSubmitter()
    {
        SubmitterSubject = null;
        SubmitterPersonId = null;
        SubmitterName = null;
        SubmitterPhone = null;
        SubmitterErased = true;
        Title = PersonalData.Mask(Title);
        Description = PersonalData.Mask(Description);
        AddressText = PersonalData.MaskOrNull(AddressText);
        Version++;
    }

    /// <summary>Overdue now: no first response by its due time, or the division's work not resolved by its due time.</summary>
    public bool IsOverdue(DateTimeOffset now) => ServiceLevels.IsOverdue(Status, FirstRespondedAt, FirstResponseDueAt, ResolutionDueAt, now);

    /// <summary>R + the Thai fiscal year (B.E.) + the random tail of the id: short, unique, and tells the year.</summary>
    private static string NumberFor(Guid id, DateTimeOffset now) =>
        $"R{ThaiCalendar.FiscalYear.Of(now).BuddhistEra}-{id.ToString("N")[^8..].ToUpperInvariant()}";
}

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
