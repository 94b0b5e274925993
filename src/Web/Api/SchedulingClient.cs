using Municipal.Web.Localization;

namespace Municipal.Web.Api;

public sealed record VenueDto(Guid Id, string Name, string? Building, string? Floor, int Capacity);

public sealed record ProgrammeDto(
    Guid Id, int FiscalYear, string FiscalYearLabel, DateOnly StartsOn, DateOnly EndsOn, string Title, string? Description,
    IReadOnlyList<string> TargetRoles, IReadOnlyList<SessionDto>? Sessions);

public sealed record SessionDto(
    Guid Id, Guid ProgrammeId, string? ProgrammeTitle, int Number, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When,
    VenueDto Venue, int Capacity, int Confirmed, int SeatsLeft, IReadOnlyList<string> Agenda, string Status,
    int Sequence, int Version, string? CancellationReason, int? AttendeeCount, string? Minutes);

public sealed record RegistrationDto(
    Guid Id, Guid SessionId, Guid PersonId, string? Name, Guid? CommunityId, string Status, int? Position, string Code,
    DateTimeOffset RegisteredAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CheckedInAt, bool WalkIn,
    string QrPng, string QrSvg);

public sealed record CheckInDto(RegistrationDto Registration, bool AlreadyCheckedIn);

public sealed record InvitationRoundDto(int Issued, int Total);

public sealed record InvitationDto(Guid Id, Guid PersonId, string? Name, string Role, DateTimeOffset IssuedAt);

public sealed record IssueDto(Guid Id, Guid SessionId, Guid CommunityId, string Category, string Description, GeoPointDto? Location, DateTimeOffset RaisedAt);

public sealed record FeedDto(string Path);

public sealed record SessionAttendanceDto(
    Guid SessionId, int Number, string Title, DateTimeOffset StartsAt, string Status,
    int Capacity, int Confirmed, int Waitlisted, int Attended, int WalkIns, int? AttendeeCount);

public sealed record CommunityAttendanceDto(Guid CommunityId, string Code, string NameTh, string? NameEn, string Status, bool Came, int Attendances, IReadOnlyList<int> Sessions);

public sealed record PersonAttendanceDto(Guid PersonId, string Name, Guid? CommunityId, int Attended, int Of, IReadOnlyList<int> Sessions);

public sealed record AttendanceReportDto(
    Guid ProgrammeId, string Title, int FiscalYear, int SessionsHeld, IReadOnlyList<SessionAttendanceDto> Sessions,
    int CommunitiesThatCame, int CommunitiesTotal, IReadOnlyList<CommunityAttendanceDto> Communities, IReadOnlyList<PersonAttendanceDto> People);

/// <summary>The body of <c>POST /api/scheduling/sessions/{id}/issues</c>.</summary>
public sealed record NewIssue(Guid CommunityId, string Category, string Description);

/// <summary>Meetings (Scheduling service) through the gateway.</summary>
public sealed class SchedulingClient(Gateway gateway)
{
    public Task<ApiResult<Page<ProgrammeDto>>> ProgrammesAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<ProgrammeDto>>(Query.Of("/api/scheduling/programmes", ("pageSize", 100), ("lang", L.Language)), cancellationToken);

    public Task<ApiResult<ProgrammeDto>> ProgrammeAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<ProgrammeDto>($"/api/scheduling/programmes/{id}", cancellationToken);

    public Task<ApiResult<ProgrammeDto>> FromTemplateAsync(int fiscalYear, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<ProgrammeDto>("/api/scheduling/programmes/from-template", new { fiscalYear }, cancellationToken: cancellationToken);

    /// <param name="from">A Bangkok date: sessions from that day on.</param>
    public Task<ApiResult<Page<SessionDto>>> SessionsAsync(DateOnly? from = null, Guid? programmeId = null, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<SessionDto>>(Query.Of("/api/scheduling/sessions", ("from", from), ("programmeId", programmeId), ("pageSize", 100)), cancellationToken);

    public Task<ApiResult<SessionDto>> SessionAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<SessionDto>($"/api/scheduling/sessions/{id}", cancellationToken);

    public Task<ApiResult<SessionDto>> CancelSessionAsync(Guid id, string? reason, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<SessionDto>($"/api/scheduling/sessions/{id}/cancel", new { reason }, cancellationToken: cancellationToken);

    public Task<ApiResult<SessionDto>> CloseSessionAsync(Guid id, int? attendeeCount, string? minutes, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<SessionDto>($"/api/scheduling/sessions/{id}/close", new { attendeeCount, minutes }, cancellationToken: cancellationToken);

    public Task<ApiResult<InvitationRoundDto>> InviteAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<InvitationRoundDto>($"/api/scheduling/sessions/{id}/invitations", new { }, cancellationToken: cancellationToken);

    public Task<ApiResult<Page<InvitationDto>>> InvitationsAsync(Guid id, int page = 1, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<InvitationDto>>($"/api/scheduling/sessions/{id}/invitations?pageSize=100&page={page}", cancellationToken);

    public Task<ApiResult<Page<RegistrationDto>>> RegistrationsAsync(Guid sessionId, int page = 1, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<RegistrationDto>>($"/api/scheduling/sessions/{sessionId}/registrations?pageSize=100&page={page}", cancellationToken);

    public Task<ApiResult<RegistrationDto>> RegisterAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<RegistrationDto>($"/api/scheduling/sessions/{sessionId}/registrations", new { }, cancellationToken: cancellationToken);

    public Task<ApiResult<Page<RegistrationDto>>> MyRegistrationsAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<RegistrationDto>>("/api/scheduling/registrations?pageSize=100", cancellationToken);

    public Task<ApiResult<RegistrationDto>> CancelRegistrationAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<RegistrationDto>($"/api/scheduling/registrations/{id}/cancel", new { }, cancellationToken: cancellationToken);

    public Task<ApiResult<CheckInDto>> CheckInAsync(Guid sessionId, string code, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<CheckInDto>($"/api/scheduling/sessions/{sessionId}/check-ins", new { code }, cancellationToken: cancellationToken);

    public Task<ApiResult<Page<IssueDto>>> IssuesAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<IssueDto>>($"/api/scheduling/sessions/{sessionId}/issues?pageSize=100", cancellationToken);

    public Task<ApiResult<IssueDto>> RaiseIssueAsync(Guid sessionId, NewIssue issue, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<IssueDto>($"/api/scheduling/sessions/{sessionId}/issues", issue, cancellationToken: cancellationToken);

    public Task<ApiResult<FeedDto>> NewFeedAsync(CancellationToken cancellationToken = default) =>
        gateway.PostAsync<FeedDto>("/api/scheduling/feeds", new { }, cancellationToken: cancellationToken);

    public Task<ApiResult<AttendanceReportDto>> AttendanceAsync(Guid programmeId, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<AttendanceReportDto>($"/api/scheduling/reports/attendance?programmeId={programmeId}", cancellationToken);
}
