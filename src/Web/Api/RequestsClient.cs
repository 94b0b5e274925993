using System.Net.Http.Headers;

namespace Municipal.Web.Api;

public sealed record CategoryDto(string Code, string NameTh, string NameEn, string DivisionCode, string? DivisionNameTh, int FirstResponseHours, int ResolutionDays);

public sealed record GeoPointDto(double Latitude, double Longitude);

/// <summary>A photo: <c>kind</c> <c>before</c> (the problem) or <c>after</c> (the fix, by staff).</summary>
public sealed record PhotoDto(int Number, string ContentType, long Size, string Url, DateTimeOffset UploadedAt, string Kind = "before");

public sealed record SubmitterDto(string? Name, string? Phone, string? PhoneE164, bool Erased, string? Email = null, bool Line = false);

public sealed record DuplicateHintDto(Guid Id, string Number, string Title, string Status, double DistanceMetres, int Supporters);

public sealed record RequestDto(
    Guid Id, string Number, Guid? CommunityId, string? CommunityName, string Category, string Title, string Description,
    GeoPointDto? Location, string? AddressText, string Channel, string Status, string? StatusNote, string DivisionCode,
    DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, int FiscalYear, DateTimeOffset FirstResponseDueAt, DateTimeOffset? ResolutionDueAt,
    DateTimeOffset? FirstRespondedAt, DateTimeOffset? ResolvedAt, bool Overdue, Guid? DuplicateOf, Guid? PlanProjectId, Guid? SessionId,
    int Supporters, IReadOnlyList<PhotoDto> Photos, SubmitterDto? Submitter, IReadOnlyList<DuplicateHintDto>? PossibleDuplicates,
    IReadOnlyList<string>? AllowedTransitions,
    bool NeedsLocation = false, IReadOnlyList<string>? MediaUrls = null)
{
    /// <summary>When the request is due next: its first response while unanswered, else its resolution (none while it follows the plan).</summary>
    public DateTimeOffset? NextDueAt => Status == "submitted" && FirstRespondedAt is null ? FirstResponseDueAt : ResolutionDueAt;

    public bool Open => Status is "submitted" or "triaged" or "in-progress" or "needs-budget" or "proposed-for-plan";
}

/// <summary>One history entry: <c>kind</c> <c>status</c>, <c>rerouted</c> (to <c>division</c>) or <c>assigned</c> (to <c>assignee</c>, shown to officials).</summary>
public sealed record HistoryDto(DateTimeOffset At, string? From, string To, string? Note, string? Division, string ActorRole, string? ActorSubject, string Kind = "status", string? Assignee = null);

/// <summary>The body of <c>POST /api/requests</c>.</summary>
public sealed record NewRequest(Guid CommunityId, string Category, string Title, string Description, GeoPointDto? Location, string? AddressText, string Channel);

/// <summary>The body of <c>POST /api/requests/{id}/transitions</c>.</summary>
public sealed record TransitionDto(string To, string? Note, string? Division, Guid? DuplicateOf, Guid? ProjectId);

public sealed record RequestFilter(
    string? Status = null, string? Category = null, Guid? Community = null, string? Division = null, bool? Overdue = null,
    int? FiscalYear = null, bool? Mine = null, int Page = 1, int PageSize = 20, bool? AssignedToMe = null);

/// <summary>One group's statistics; how its fixes held: <c>reopenRate</c>, the submitters' <c>answers</c>, <c>notFixedShare</c>, <c>averageRating</c>.</summary>
public sealed record StatsRowDto(
    string Key, string? NameTh, string? NameEn, int Count, double? MedianHoursToFirstResponse, double? MedianHoursToResolution, double OverdueShare,
    double? ReopenRate = null, int Answers = 0, double? NotFixedShare = null, int Ratings = 0, double? AverageRating = null);

public sealed record StatsDto(int? FiscalYear, DateTimeOffset AsOf, StatsRowDto Overall, IReadOnlyList<StatsRowDto> ByCategory, IReadOnlyList<StatsRowDto> ByCommunity, IReadOnlyList<StatsRowDto> ByDivision);

public sealed record PlanPeriodDto(Guid Id, int FirstYear, int LastYear, string Title);

public sealed record PlanRequestDto(Guid Id, string Number, string Title, string Category, string Status, Guid CommunityId, string? CommunityName);

public sealed record PlanCommunityDto(Guid Id, string? NameTh);

public sealed record ProgressNoteDto(DateTimeOffset At, string Stage, int Percent, string? Note);

public sealed record PlanProjectDto(
    Guid Id, Guid PeriodId, string Title, string Strategy, IReadOnlyList<int> FiscalYears, decimal EstimatedBudget, string Stage, int ProgressPercent,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<PlanRequestDto> Requests, IReadOnlyList<PlanCommunityDto> Communities,
    IReadOnlyList<ProgressNoteDto>? Notes);

public sealed record StageGroupDto(string Stage, int Projects, decimal EstimatedBudget, IReadOnlyList<PlanProjectDto> Items);

public sealed record YearReportDto(int FiscalYear, int Projects, decimal EstimatedBudget, IReadOnlyList<StageGroupDto> Stages);

public sealed record PlanReportDto(int? FiscalYear, IReadOnlyList<YearReportDto> Years);

/// <summary>The body of <c>POST /api/requests/plan/projects</c>.</summary>
public sealed record ProjectProposalDto(string Title, string Strategy, IReadOnlyList<int> FiscalYears, decimal? EstimatedBudget, IReadOnlyList<Guid> RequestIds);

/// <summary>The body of <c>POST /api/requests/plan/projects/{id}/progress</c>.</summary>
public sealed record ProgressDto(string? Stage, int? Percent, string? Note);

/// <summary>Requests, their workflow, statistics and the development plan (Requests service) through the gateway.</summary>
public sealed class RequestsClient(Gateway gateway)
{
    public Task<ApiResult<Page<CategoryDto>>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<CategoryDto>>("/api/requests/categories", cancellationToken);

    public Task<ApiResult<Page<RequestDto>>> ListAsync(RequestFilter filter, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<RequestDto>>(Query.Of("/api/requests",
            ("status", filter.Status), ("category", filter.Category), ("community", filter.Community), ("division", filter.Division),
            ("overdue", filter.Overdue), ("fiscalYear", filter.FiscalYear), ("mine", filter.Mine), ("assignedToMe", filter.AssignedToMe),
            ("page", filter.Page), ("pageSize", filter.PageSize)),
            cancellationToken);

    public Task<ApiResult<RequestDto>> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<RequestDto>($"/api/requests/{id}", cancellationToken);

    public Task<ApiResult<Page<HistoryDto>>> HistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<HistoryDto>>($"/api/requests/{id}/history", cancellationToken);

    /// <param name="idempotencyKey">The same for every retry of one form, so a retried submission files one request.</param>
    public Task<ApiResult<RequestDto>> SubmitAsync(NewRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<RequestDto>("/api/requests", request, r => r.Headers.Add("Idempotency-Key", idempotencyKey), cancellationToken);

    public Task<ApiResult<Page<PhotoDto>>> AddPhotoAsync(Guid id, byte[] photo, string fileName, string contentType, CancellationToken cancellationToken = default)
    {
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "photo", string.IsNullOrWhiteSpace(fileName) ? "photo" : fileName } };
        return gateway.SendAsync<Page<PhotoDto>>(HttpMethod.Post, $"/api/requests/{id}/photos", form, null, cancellationToken);
    }

    /// <param name="etag">The request's ETag as last read: a change made meanwhile answers 412 instead of being overwritten.</param>
    public Task<ApiResult<RequestDto>> TransitionAsync(Guid id, TransitionDto transition, string? etag, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<RequestDto>($"/api/requests/{id}/transitions", transition, r =>
        {
            if (!string.IsNullOrEmpty(etag))
            {
                r.Headers.TryAddWithoutValidation("If-Match", etag);
            }
        }, cancellationToken);

    public Task<ApiResult<StatsDto>> StatsAsync(int? fiscalYear, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<StatsDto>(Query.Of("/api/requests/stats", ("fiscalYear", fiscalYear)), cancellationToken);

    public Task<ApiResult<Page<PlanPeriodDto>>> PlanPeriodsAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<PlanPeriodDto>>("/api/requests/plan/periods", cancellationToken);

    /// <summary>Opens a plan of five fiscal years from <paramref name="firstYear"/> (B.E.): admins only.</summary>
    public Task<ApiResult<PlanPeriodDto>> CreatePlanPeriodAsync(int firstYear, string? title, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<PlanPeriodDto>("/api/requests/plan/periods", new { firstYear, title }, cancellationToken: cancellationToken);

    public Task<ApiResult<PlanReportDto>> PlanReportAsync(int? fiscalYear, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PlanReportDto>(Query.Of("/api/requests/plan/report", ("fiscalYear", fiscalYear)), cancellationToken);

    public Task<ApiResult<Page<PlanProjectDto>>> PlanProjectsAsync(int? fiscalYear = null, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<PlanProjectDto>>(Query.Of("/api/requests/plan/projects", ("fiscalYear", fiscalYear), ("pageSize", 100)), cancellationToken);

    public Task<ApiResult<PlanProjectDto>> PlanProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PlanProjectDto>($"/api/requests/plan/projects/{id}", cancellationToken);

    public Task<ApiResult<PlanProjectDto>> ProposeProjectAsync(ProjectProposalDto proposal, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<PlanProjectDto>("/api/requests/plan/projects", proposal, cancellationToken: cancellationToken);

    public Task<ApiResult<PlanProjectDto>> ReportProgressAsync(Guid id, ProgressDto progress, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<PlanProjectDto>($"/api/requests/plan/projects/{id}/progress", progress, cancellationToken: cancellationToken);
}
