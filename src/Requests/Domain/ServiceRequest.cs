using Municipal.Edge;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>
/// Who submitted a request: a signed-in person, a LINE reporter (subject <c>line:…</c>), or a resident whose contact
/// staff or an Open311 client took down. <paramref name="Phone"/> is E.164 when it is Thai, else as it was given.
/// </summary>
public sealed record Submitter(string? Subject, Guid? PersonId = null, string? Name = null, string? Phone = null)
{
    public static readonly Submitter Nobody = new((string?)null);

    /// <summary>What an Open311 client may send about its user besides name and phone. Personal data: never public.</summary>
    public string? Email { get; init; }

    public string? DeviceId { get; init; }

    public string? AccountId { get; init; }
}

/// <summary>A problem or need a community raised (คำร้อง), tracked until it is fixed or enters the development plan.</summary>
public sealed partial class ServiceRequest
{
    public const int AddressMaxLength = 300;
    public const int MaxPhotos = 3;
    public const int MaxMediaLinks = 10;
    public const int MediaUrlMaxLength = 1000;
    public const int ContactFieldMaxLength = 254;

    /// <summary>A phone number that is not Thai is kept as it was given, up to this length.</summary>
    public const int PhoneMaxLength = 32;

    private readonly List<RequestHistoryEntry> _history = [];
    private readonly List<RequestPhoto> _photos = [];
    private readonly List<RequestSupport> _supports = [];
    private readonly List<RequestMediaLink> _mediaLinks = [];

    private ServiceRequest()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The number people quote on the phone, e.g. <c>R2569-0A1B2C3D</c>; also its Open311 id.</summary>
    public string Number { get; private set; } = "";

    /// <summary>Null while the request is not placed: it came with an address only, and staff place it (<see cref="Place"/>).</summary>
    public Guid? CommunityId { get; private set; }

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

    /// <summary>E.164 when it is Thai; as the Open311 client gave it otherwise. Personal data.</summary>
    public string? SubmitterPhone { get; private set; }

    /// <summary>What an Open311 client said of its user (e-mail, device, account): for staff only. Personal data.</summary>
    public string? SubmitterEmail { get; private set; }

    public string? SubmitterDeviceId { get; private set; }

    public string? SubmitterAccountId { get; private set; }

    /// <summary>A way to reach the submitter is kept (phone, e-mail, device or account id): shown only where its reading is logged.</summary>
    public bool HasSubmitterContact =>
        SubmitterPhone is not null || SubmitterEmail is not null || SubmitterDeviceId is not null || SubmitterAccountId is not null;

    /// <summary>The submitter was erased (PDPA): their details are gone, the problem stays.</summary>
    public bool SubmitterErased { get; private set; }

    /// <summary>The meeting (session) it was raised at.</summary>
    public Guid? SessionId { get; private set; }

    /// <summary>The <c>IssueRaisedAtSession.IssueId</c> it came from: one request per issue.</summary>
    public Guid? SourceIssueId { get; private set; }


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

    /// <summary>Pictures an Open311 client hosts itself (its <c>media_url</c> values), in the order given.</summary>
    public IReadOnlyList<RequestMediaLink> MediaLinks => _mediaLinks;

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    /// <summary>No point on the map yet (it came with an address only): staff place it.</summary>
    public bool NeedsLocation => Location is null;

    /// <param name="id">The id to take, when the channel chose it (a LINE report's id); a new one otherwise.</param>
    public static ServiceRequest Submit(
        RequestSubmission submission, RequestCategory category, RequestChannel channel, Submitter submitter, DateTimeOffset now,
        Caller? recordedBy = null, Guid? sessionId = null, Guid? sourceIssueId = null, IReadOnlyList<string>? mediaUrls = null, Guid? id = null)
    {
        if (category.Code != submission.Category)
        {
            throw new ArgumentException("The category does not match the submission.", nameof(category));
        }

        var requestId = id ?? Guid.CreateVersion7(now);
        var request = new ServiceRequest
        {
            Id = requestId,
            Number = NumberFor(requestId, now),
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
            SubmitterPhone = submitter.Phone,
            SubmitterEmail = submitter.Email,
            SubmitterDeviceId = submitter.DeviceId,
            SubmitterAccountId = submitter.AccountId,
            SessionId = sessionId,
            SourceIssueId = sourceIssueId,
            Status = RequestStatus.Submitted,
            DivisionCode = category.DivisionCode,
            SubmittedAt = now,
            FiscalYear = ThaiCalendar.FiscalYear.Of(now).BuddhistEra,
            FirstResponseDueAt = category.FirstResponseDue(now),
            ResolutionDueAt = category.ResolutionDue(now),
            UpdatedAt = now,
            Version = 1,
        };
        foreach (var (url, n) in (mediaUrls ?? []).Take(MaxMediaLinks).Select((u, i) => (u, i + 1)))
        {
            request._mediaLinks.Add(new RequestMediaLink(request.Id, n, url));
        }

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

    /// <summary>The slot the next photo of the problem takes (1–3); 0 when they are taken. "After" photos of the fix have slots of their own.</summary>
    public int NextPhotoSlot => Enumerable.Range(1, MaxPhotos).FirstOrDefault(n => _photos.All(p => p.Number != n));

    /// <summary>Adds a photo of the problem in the next free slot (1–3).</summary>
    public RequestPhoto AddPhoto(ImageFormat format, long size, string fileName, string? uploadedBySubject, DateTimeOffset now)
    {
        if (_photos.Count(p => p.Kind == PhotoKind.Before) >= MaxPhotos)
        {
            throw new InvalidOperationException($"A request carries at most {MaxPhotos} photos.");
        }

        var number = NextPhotoSlot;
        var photo = new RequestPhoto(Id, number, format.ContentType, size, fileName, uploadedBySubject, now);
        _photos.Add(photo);
        UpdatedAt = now;
        Version++;
        return photo;
    }

    /// <summary>
    /// Puts the request on the map: the point staff found for an address-only request (or a corrected pin), and its
    /// community when it had none. Not a change of state: no history entry, and Open311's updated_datetime moves.
    /// </summary>
    public void Place(GeoPoint point, Guid communityId, DateTimeOffset now)
    {
        Latitude = point.Latitude;
        Longitude = point.Longitude;
        CommunityId = communityId;
        UpdatedAt = now;
        Version++;
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
        SubmitterEmail = null;
        SubmitterDeviceId = null;
        SubmitterAccountId = null;
        SubmitterErased = true;
        Title = PersonalData.Mask(Title);
        Description = PersonalData.Mask(Description);
        AddressText = PersonalData.MaskOrNull(AddressText);
        StatusNote = PersonalData.MaskOrNull(StatusNote);
        Version++;
    }

    /// <summary>Overdue now: no first response by its due time, or the division's work not resolved by its due time.</summary>
    public bool IsOverdue(DateTimeOffset now) => ServiceLevels.IsOverdue(Status, FirstRespondedAt, FirstResponseDueAt, ResolutionDueAt, now, FollowsPlan);

    /// <summary>In the development plan: its state and its resolution follow its plan project, not its category's resolution time.</summary>
    public bool FollowsPlan => PlanProjectId is not null || Status is RequestStatus.NeedsBudget or RequestStatus.ProposedForPlan;

    /// <summary>
    /// The next number to try when this one is taken. A number's tail is 32 random bits: among the tens of thousands of
    /// requests of a year two may meet (about one chance in a hundred at 10,000 a year, more under a flood), and the
    /// number must stay unique. The <paramref name="attempt"/>th alternative is derived from the id, so a retried
    /// submission of the same id (a redelivered LINE report) gets the same number again.
    /// </summary>
    public void Renumber(int attempt) => Number = NumberFor(Id, SubmittedAt, attempt);

    /// <summary>R + the Thai fiscal year (B.E.) + the random tail of the id: short, and tells the year.</summary>
    private static string NumberFor(Guid id, DateTimeOffset now, int attempt = 0)
    {
        var tail = attempt == 0
            ? id.ToString("N")[^8..]
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.ASCII.GetBytes($"{id:N}:{attempt}")))[..8];
        return $"R{ThaiCalendar.FiscalYear.Of(now).BuddhistEra}-{tail.ToUpperInvariant()}";
    }
}
