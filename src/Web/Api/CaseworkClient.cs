using System.Net.Http.Headers;

namespace Municipal.Web.Api;

public sealed record MapMarkerDto(Guid Id, string Number, double Latitude, double Longitude, string Category, string Status, string Title, DateTimeOffset SubmittedAt, bool Overdue);

public sealed record MapLayerDto(IReadOnlyList<MapMarkerDto> Items, int Total, int WithoutLocation, bool Truncated);

public sealed record PublicRequestDto(
    Guid Id, string Number, Guid? CommunityId, string? CommunityName, string Category, string Title, string Description, GeoPointDto? Location,
    string? AddressText, string Status, string DivisionCode, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, int FiscalYear, int Supporters, Guid? DuplicateOf);

public sealed record PublicStepDto(DateTimeOffset At, string? From, string To);

public sealed record PublicRequestPageDto(PublicRequestDto Request, DateTimeOffset? ResolvedAt, IReadOnlyList<PublicStepDto> History);

public sealed record PublicCountDto(string Key, string? NameTh, string? NameEn, int Count, double? MedianHoursToFirstResponse, double? MedianHoursToFix);

public sealed record PublicStatsDto(
    int FiscalYear, DateTimeOffset AsOf, int Total, int Fixed, double? MedianHoursToFirstResponse, double? MedianHoursToFix,
    IReadOnlyList<PublicCountDto> ByStatus, IReadOnlyList<PublicCountDto> ByCategory, IReadOnlyList<PublicCountDto> ByCommunity);

public sealed record FeedbackDto(Guid Id, int Round, bool Fixed, int? Rating, string? Comment, string Channel, DateTimeOffset GivenAt, bool Reopened);

/// <summary>The question about the fix; <c>MayAnswer</c>: this reader may answer it now (the API's word: its submitter, while open).</summary>
public sealed record FeedbackStateDto(int Round, DateTimeOffset? AskedAt, DateTimeOffset AnswerBy, bool Open, FeedbackDto? Given, bool MayAnswer);

public sealed record AssigneeDto(string Subject, string? Name, DateTimeOffset? Since);

/// <summary>What the request's page shows of casework besides <see cref="RequestDto"/>: the question about the fix, the officer, the kinds of photos.</summary>
public sealed record CaseworkDto(FeedbackStateDto? Feedback, AssigneeDto? Assignee, IReadOnlyList<CaseworkPhotoDto> Photos);

public sealed record CaseworkPhotoDto(int Number, string Kind);

public sealed record CaseworkHistoryDto(DateTimeOffset At, string? From, string To, string Kind, string? Assignee);

public sealed record NoteDto(Guid Id, string Text, string? AuthorSubject, string? AuthorName, DateTimeOffset At);

public sealed record OfficerDto(string Subject, string? Name, string Division, DateTimeOffset SeenAt);

public sealed record ChannelReachDto(string Channel, int Planned, int Sent, int Waiting, int Deferred, int Failed, int FellBack, int Cancelled);

public sealed record AnnouncementDto(
    Guid Id, string Audience, Guid? CommunityId, Guid? SessionId, string Title, string Message, DateTimeOffset SentAt, int Recipients, int Reached,
    IReadOnlyList<ChannelReachDto> Channels);

/// <summary>The board's filters as the casework routes (map, CSV) take them.</summary>
public sealed record BoardFilter(
    string? Status = null, string? Category = null, Guid? Community = null, string? Division = null, bool? Overdue = null, int? FiscalYear = null,
    bool? AssignedToMe = null)
{
    public (string, object?)[] Query() =>
        [("status", Status), ("category", Category), ("community", Community), ("division", Division), ("overdue", Overdue), ("fiscalYear", FiscalYear), ("assignedToMe", AssignedToMe)];
}

/// <summary>
/// Casework through the gateway: the public map and statistics (no sign-in needed), proof of the fix, hand-offs, placing a
/// request on the map, internal notes, "after" photos, CSV exports and announcements.
/// </summary>
public sealed class CaseworkClient(Gateway gateway)
{
    public Task<ApiResult<MapLayerDto>> PublicMapAsync(string? category, string? status, Guid? community, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<MapLayerDto>(Query.Of("/api/requests/public/map", ("category", category), ("status", status), ("community", community)), cancellationToken);

    public Task<ApiResult<MapLayerDto>> BoardMapAsync(BoardFilter filter, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<MapLayerDto>(Query.Of("/api/requests/map", filter.Query()), cancellationToken);

    public Task<ApiResult<PublicRequestPageDto>> PublicRequestAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PublicRequestPageDto>($"/api/requests/public/{id}", cancellationToken);

    public Task<ApiResult<PublicStatsDto>> PublicStatsAsync(int? fiscalYear, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PublicStatsDto>(Query.Of("/api/requests/public/stats", ("fiscalYear", fiscalYear)), cancellationToken);

    public Task<ApiResult<CaseworkDto>> RequestAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<CaseworkDto>($"/api/requests/{id}", cancellationToken);

    public Task<ApiResult<Page<CaseworkHistoryDto>>> HistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<CaseworkHistoryDto>>($"/api/requests/{id}/history", cancellationToken);

    public Task<ApiResult<FeedbackDto>> GiveFeedbackAsync(Guid id, bool fixedIt, int? rating, string? comment, int round, Guid feedbackId, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<FeedbackDto>($"/api/requests/{id}/feedback", new { @fixed = fixedIt, rating, comment, round, feedbackId }, cancellationToken: cancellationToken);

    public Task<ApiResult<Done>> RerouteAsync(Guid id, string division, string reason, string? etag, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<Done>($"/api/requests/{id}/reroute", new { division, reason }, IfMatch(etag), cancellationToken);

    public Task<ApiResult<Done>> AssignAsync(Guid id, string? officer, string? note, string? etag, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<Done>($"/api/requests/{id}/assignment", new AssignmentBody(officer, note), IfMatch(etag), cancellationToken);

    /// <summary>
    /// Puts the request on the map (<c>POST /api/requests/{id}/location</c>): an address-only request (Open311, LINE) gets
    /// its point, a wrong pin is corrected. The community named, else the nearest active one. Answers the request.
    /// </summary>
    public Task<ApiResult<RequestDto>> PlaceAsync(Guid id, double latitude, double longitude, Guid? communityId, string? etag,
        CancellationToken cancellationToken = default) =>
        gateway.PostAsync<RequestDto>($"/api/requests/{id}/location", new { latitude, longitude, communityId }, IfMatch(etag), cancellationToken);

    public Task<ApiResult<Page<NoteDto>>> NotesAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<NoteDto>>($"/api/requests/{id}/notes", cancellationToken);

    public Task<ApiResult<NoteDto>> AddNoteAsync(Guid id, string text, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<NoteDto>($"/api/requests/{id}/notes", new { text }, cancellationToken: cancellationToken);

    public Task<ApiResult<Page<OfficerDto>>> OfficersAsync(string division, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<OfficerDto>>(Query.Of("/api/requests/officers", ("division", division)), cancellationToken);

    /// <summary>Joins the roster of the division the signed-in officer's token names, so that its requests can be assigned to them.</summary>
    public Task<ApiResult<OfficerDto>> JoinRosterAsync(CancellationToken cancellationToken = default) =>
        gateway.SendAsync<OfficerDto>(HttpMethod.Put, "/api/requests/officers/me", null, null, cancellationToken);

    public Task<ApiResult<Done>> AddAfterPhotoAsync(Guid id, byte[] photo, string fileName, string contentType, CancellationToken cancellationToken = default)
    {
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "photo", string.IsNullOrWhiteSpace(fileName) ? "photo" : fileName } };
        return gateway.SendAsync<Done>(HttpMethod.Post, $"/api/requests/{id}/photos/after", form, null, cancellationToken);
    }

    public Task<ApiResult<AnnouncementDto>> AnnounceAsync(string audience, Guid? communityId, Guid? sessionId, string title, string message, string idempotencyKey,
        CancellationToken cancellationToken = default) =>
        gateway.PostAsync<AnnouncementDto>("/api/notifications/announcements", new { audience, communityId, sessionId, title, message },
            r => r.Headers.Add("Idempotency-Key", idempotencyKey), cancellationToken);

    public Task<ApiResult<Page<AnnouncementDto>>> AnnouncementsAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<AnnouncementDto>>("/api/notifications/announcements?pageSize=20", cancellationToken);

    private sealed record AssignmentBody(string? Officer, string? Note);

    private static Action<HttpRequestMessage> IfMatch(string? etag) => r =>
    {
        if (!string.IsNullOrEmpty(etag))
        {
            r.Headers.TryAddWithoutValidation("If-Match", etag);
        }
    };
}
