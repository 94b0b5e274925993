using System.Net.Http.Headers;

namespace Municipal.Web.Api;

public sealed record CommunityDto(
    Guid Id, string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population,
    double? Latitude, double? Longitude, string Status, DateOnly? StatusDate, Guid? MergedInto);

public sealed record CommunityDetailDto(
    Guid Id, string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population,
    double? Latitude, double? Longitude, string Status, DateOnly? StatusDate, Guid? MergedInto, IReadOnlyList<OfficeDto> CurrentOffices);

public sealed record ContactDto(string? Phone, string? PhoneE164, string? Email, string? LineUserId);

public sealed record OfficeDto(
    Guid Id, string Role, Guid PersonId, string? HolderName, bool HolderErased, Guid? CommunityId, string? CommunityCode,
    Guid? DivisionId, string? DivisionCode, DateOnly StartDate, DateOnly? EndDate, ContactDto? Contact);

public sealed record PersonSummaryDto(Guid Id, string? Title, string FirstNameTh, string LastNameTh, string? NameEn, string Name, string? Subject, bool Erased);

public sealed record PersonDto(
    Guid Id, string? Title, string FirstNameTh, string LastNameTh, string? NameEn, string Name, string? Subject,
    string PreferredChannel, string Language, ContactDto? Contact, bool Erased, IReadOnlyList<OfficeDto> Offices);

public sealed record DivisionDto(Guid Id, string Code, string NameTh, string? NameEn, OfficeDto? Head);

public sealed record RowProblemDto(int Line, IReadOnlyList<string> Errors);

public sealed record ImportReportDto(
    string Kind, string Mode, int Rows, int Created, int Updated, int Unchanged, int OfficesAssigned, int OfficesEnded,
    IReadOnlyList<RowProblemDto> Skipped);

/// <summary>The body of <c>POST /api/communities/people</c>.</summary>
public sealed record NewPerson(
    string? Title, string FirstNameTh, string LastNameTh, string? NameEn, string? Phone, string? Email, string? LineUserId,
    string? PreferredChannel, string? Language, string? Subject);

/// <summary>The body of <c>POST /api/communities/offices</c> (dates as yyyy-MM-dd, C.E.).</summary>
public sealed record NewOffice(Guid PersonId, string Role, Guid? CommunityId, Guid? DivisionId, string StartDate, string? EndDate);

/// <summary>The registry (Communities service) through the gateway.</summary>
public sealed class CommunitiesClient(Gateway gateway)
{
    public Task<ApiResult<Page<CommunityDto>>> ListAsync(string? q = null, int page = 1, int pageSize = 100, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<CommunityDto>>(Query.Of("/api/communities", ("q", q), ("page", page), ("pageSize", pageSize)), cancellationToken);

    public Task<ApiResult<CommunityDetailDto>> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<CommunityDetailDto>($"/api/communities/{id}", cancellationToken);

    public Task<ApiResult<Page<OfficeDto>>> OfficesAsync(Guid communityId, bool contacts = false, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<OfficeDto>>(Query.Of($"/api/communities/{communityId}/offices", ("include", contacts ? "contacts" : null), ("pageSize", 100)), cancellationToken);

    public Task<ApiResult<Page<PersonSummaryDto>>> PeopleAsync(string? q = null, Guid? communityId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<PersonSummaryDto>>(Query.Of("/api/communities/people", ("q", q), ("communityId", communityId), ("page", page), ("pageSize", pageSize)), cancellationToken);

    public Task<ApiResult<PersonDto>> MeAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PersonDto>("/api/communities/people/me", cancellationToken);

    public Task<ApiResult<PersonDto>> PersonAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PersonDto>($"/api/communities/people/{id}", cancellationToken);

    /// <param name="requestId">The same for every retry of one form, so a retried POST registers nobody twice.</param>
    public Task<ApiResult<PersonDto>> RegisterPersonAsync(NewPerson person, Guid requestId, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<PersonDto>("/api/communities/people", person, r => r.Headers.Add("Idempotency-Key", requestId.ToString()), cancellationToken);

    public Task<ApiResult<OfficeDto>> AssignOfficeAsync(NewOffice office, Guid requestId, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<OfficeDto>("/api/communities/offices", office, r => r.Headers.Add("Idempotency-Key", requestId.ToString()), cancellationToken);

    public Task<ApiResult<Page<DivisionDto>>> DivisionsAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<Page<DivisionDto>>("/api/communities/divisions", cancellationToken);

    /// <param name="kind"><c>communities</c> or <c>people</c>.</param>
    public Task<ApiResult<ImportReportDto>> ImportAsync(string kind, byte[] csv, bool goodRowsOnly, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var path = Query.Of($"/api/communities/import/{kind}", ("mode", goodRowsOnly ? "good-rows-only" : null));
        return gateway.SendAsync<ImportReportDto>(HttpMethod.Post, path, content, null, cancellationToken);
    }
}
