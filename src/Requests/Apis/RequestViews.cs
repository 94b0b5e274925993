using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Apis;

/// <summary>A photo of the request: <c>kind</c> <c>before</c> (the problem, from whoever reported it) or <c>after</c> (the fix, from staff).</summary>
public sealed record PhotoView(int Number, string ContentType, long Size, string Url, DateTimeOffset UploadedAt, PhotoKind Kind)
{
    public static PhotoView From(RequestPhoto p) =>
        new(p.Number, p.ContentType, p.Size, $"/api/requests/{p.RequestId}/photos/{p.Number}", p.UploadedAt, p.Kind);
}

/// <summary>
/// The submitter of a phoned-in, Open311 or LINE request (or the registry's person who filed it from the web). Shown to
/// officials and the submitter only. The phone as Thai people write it (<c>081-234-5678</c>) and in E.164. A LINE
/// reporter has no name or phone here (the chat knows them by an alias); <paramref name="Line"/> says so.
/// </summary>
public sealed record SubmitterView(
    string? Name, string? Phone, string? PhoneE164, bool Erased, string? Email = null, string? DeviceId = null, string? AccountId = null, bool Line = false);

/// <summary>A request as those who may see it see it (its submitter, its community's leader, officials).</summary>
public sealed record RequestView(
    Guid Id,
    string Number,
    Guid? CommunityId,
    string? CommunityName,
    string Category,
    string Title,
    string Description,
    GeoPoint? Location,
    string? AddressText,
    bool NeedsLocation,
    RequestChannel Channel,
    RequestStatus Status,
    string? StatusNote,
    string DivisionCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    int FiscalYear,
    DateTimeOffset FirstResponseDueAt,
    DateTimeOffset? ResolutionDueAt,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? ResolvedAt,
    bool Overdue,
    Guid? DuplicateOf,
    Guid? PlanProjectId,
    Guid? SessionId,
    int Supporters,
    IReadOnlyList<PhotoView> Photos,
    IReadOnlyList<string> MediaUrls,
    SubmitterView? Submitter,
    IReadOnlyList<DuplicateHint>? PossibleDuplicates,
    IReadOnlyList<string> AllowedTransitions)
{
    /// <summary>The question about the current resolution (proof of the fix), once it was resolved; null before.</summary>
    public FeedbackStateView? Feedback { get; init; }

    /// <summary>The officer of its division it is assigned to; shown to officials only.</summary>
    public AssigneeView? Assignee { get; init; }

    /// <summary>
    /// The request as this caller sees it: the submitter's name only for officials and the submitter; their phone and the
    /// rest of their contact (e-mail, device, account) only in the views that log its reading (<paramref name="withPhone"/>:
    /// one request, read on its own), never in lists; the officer it is assigned to only for officials; the moves this
    /// caller may make now (<c>allowedTransitions</c>, what a client offers); no resolution due time while the request
    /// follows the development plan (the plan sets its pace).
    /// </summary>
    public static RequestView From(RequestDetails d, Caller caller, DateTimeOffset now, bool withPhone = false) =>
        From(d.Request, d.Supporters, d.Photos, d.CommunityName, RequestAccess.CanSeeContact(caller, d.Request), now, d.PossibleDuplicates, withPhone,
                RequestWorkflow.AllowedFor(d.Request.Status, RequestAccess.PartyOf(caller, d.Request), d.Request.ResolvedAt, now))
            with
            {
                Feedback = FeedbackStateView.From(d.Feedback, caller, d.Request),
                Assignee = caller.IsOfficial && d.Request.AssigneeSubject is { } officer
                    ? new AssigneeView(officer, d.Request.AssigneeName, d.Request.AssigneeSince)
                    : null,
            };

    public static RequestView From(
        ServiceRequest r, int supporters, IEnumerable<RequestPhoto> photos, string? communityName, bool showContact, DateTimeOffset now,
        IReadOnlyList<DuplicateHint>? possibleDuplicates = null, bool withPhone = false, IReadOnlyList<RequestStatus>? allowed = null) => new(
        r.Id, r.Number, r.CommunityId, communityName, r.Category, r.Title, r.Description, r.Location, r.AddressText, r.NeedsLocation,
        r.Channel, r.Status, r.StatusNote, r.DivisionCode, r.SubmittedAt, r.UpdatedAt, r.FiscalYear,
        r.FirstResponseDueAt, r.FollowsPlan ? null : r.ResolutionDueAt, r.FirstRespondedAt, r.ResolvedAt, r.IsOverdue(now),
        r.DuplicateOfId, r.PlanProjectId, r.SessionId, supporters,
        photos.OrderBy(p => p.Number).Select(PhotoView.From).ToList(),
        r.MediaLinks.OrderBy(m => m.Number).Select(m => m.Url).ToList(),
        showContact ? SubmitterOf(r, withPhone) : null,
        possibleDuplicates,
        (allowed ?? []).Select(s => s.ToCode()).ToList());

    /// <summary>
    /// The name (and whether it is a LINE reporter) for whoever may see the submitter; the contact (phone, e-mail, device
    /// and account ids) only with <paramref name="withContact"/>, in a view whose read is logged, never in a list.
    /// </summary>
    private static SubmitterView? SubmitterOf(ServiceRequest r, bool withContact)
    {
        var line = r.Channel == RequestChannel.Line && Actors.IsLineReporter(r.SubmitterSubject);
        if (r.SubmitterName is null && !r.HasSubmitterContact && !r.SubmitterErased && !line)
        {
            return null;
        }

        return withContact
            ? new SubmitterView(r.SubmitterName, PersonalData.DisplayThaiPhone(r.SubmitterPhone), r.SubmitterPhone, r.SubmitterErased,
                r.SubmitterEmail, r.SubmitterDeviceId, r.SubmitterAccountId, line)
            : new SubmitterView(r.SubmitterName, null, null, r.SubmitterErased, Line: line);
    }
}

/// <summary>
/// A request as anyone may see it: no submitter, no photos (they may show people or homes), and phone
/// numbers or e-mail addresses typed into the text masked.
/// </summary>
public sealed record PublicRequestView(
    Guid Id,
    string Number,
    Guid? CommunityId,
    string? CommunityName,
    string Category,
    string Title,
    string Description,
    GeoPoint? Location,
    string? AddressText,
    bool NeedsLocation,
    RequestChannel Channel,
    RequestStatus Status,
    string DivisionCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    int FiscalYear,
    int Supporters,
    Guid? DuplicateOf)
{
    public static PublicRequestView From(ServiceRequest r, int supporters, string? communityName) => new(
        r.Id, r.Number, r.CommunityId, communityName, r.Category, PersonalData.Mask(r.Title), PersonalData.Mask(r.Description),
        r.Location, PersonalData.MaskOrNull(r.AddressText), r.NeedsLocation, r.Channel, r.Status, r.DivisionCode, r.SubmittedAt, r.UpdatedAt, r.FiscalYear,
        supporters, r.DuplicateOfId);
}

/// <summary>
/// One entry of a request's history: a change of state (<c>kind</c> <c>status</c>), a hand-off to another division
/// (<c>rerouted</c>, the state stays), or to an officer (<c>assigned</c>). Who made it (subject), the officer and the reasons
/// of hand-offs are shown to officials only.
/// </summary>
public sealed record HistoryView(
    DateTimeOffset At, [property: System.Text.Json.Serialization.JsonPropertyName("from")] RequestStatus? FromStatus, RequestStatus To, string? Note,
    string? Division, string ActorRole, string? ActorSubject, string Kind = HistoryKinds.Status, string? Assignee = null)
{
    public static HistoryView Of(RequestHistoryEntry h, bool official) =>
        new(h.At, h.From, h.To, official || h.Kind == HistoryKinds.Status ? h.Note : null, h.DivisionCode, h.ActorRole, official ? h.ActorSubject : null,
            h.Kind, official ? h.AssigneeName : null);
}

/// <summary>The officer a request is assigned to (their sign-in subject and name), since when.</summary>
public sealed record AssigneeView(string Subject, string? Name, DateTimeOffset? Since);

/// <summary>
/// Proof of the fix on a request's page: the resolution asked about (<c>round</c>), when the submitter was asked, until when
/// an answer counts, whether an answer is taken now (<c>open</c>), the answer given, and whether this caller may give it
/// now (<c>mayAnswer</c>: the submitter while it is open, or staff writing down a phoned-in submitter's answer; a leader
/// or another official who sees the request would be refused 403 <c>not-the-submitter</c>, so a client offers the
/// question only on <c>mayAnswer</c>, as it offers moves on <c>allowedTransitions</c>).
/// </summary>
public sealed record FeedbackStateView(int Round, DateTimeOffset? AskedAt, DateTimeOffset AnswerBy, bool Open, FeedbackView? Given, bool MayAnswer)
{
    public static FeedbackStateView? From(FeedbackState? state, Caller caller, ServiceRequest request) =>
        state is null
            ? null
            : new(state.Round, state.AskedAt, state.AnswerBy, state.Open, state.Given is null ? null : FeedbackView.From(state.Given),
                state.Open && (RequestAccess.IsSubmitter(caller, request) || RequestAccess.MayRelayAnswer(caller, request)));
}
