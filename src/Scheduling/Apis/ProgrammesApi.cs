using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class ProgrammesApi
{
    public static RouteGroupBuilder MapProgrammesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/programmes").WithTags("Programmes");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListProgrammes")
            .WithSummary("Programmes, newest fiscal year first; ?fiscalYear= (B.E.) filters. Labels in ?lang=th|en.")
            .ProducesValidationProblem();

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetProgramme")
            .WithSummary("One programme with its sessions (the public schedule).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("", CreateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CreateProgramme")
            .WithSummary("Create a programme for a fiscal year with its target groups (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/from-template", FromTemplateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CreateProgrammeFromTemplate")
            .WithSummary("Create a programme and all its sessions from a template, e.g. the founding FY 2563 programme (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    public sealed record TemplateRequest
    {
        /// <summary>Default <c>community-leader-training</c>, the founding case.</summary>
        public string? Template { get; init; }

        /// <summary>Buddhist-Era fiscal year; default 2563, the founding year.</summary>
        public int? FiscalYear { get; init; }

        /// <summary>Default: meeting room Chakangrao 1.</summary>
        public Guid? VenueId { get; init; }
    }

    internal static async Task<Results<Ok<Page<ProgrammeView>>, ProblemHttpResult>> ListAsync(
        HttpContext http, SessionQueries queries, CancellationToken cancellationToken, int? fiscalYear = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        var found = await queries.ProgrammesAsync(fiscalYear, paging.Value, cancellationToken);
        if (found.Value is not { } programmes)
        {
            return found.Refusal!.ToProblem();
        }

        var language = http.Language();
        var viewer = Caller.From(http.User);
        return TypedResults.Ok(new Page<ProgrammeView>(programmes.Items.Select(p => ProgrammeView.From(p, language, viewer)).ToList(), programmes.Total));
    }

    internal static async Task<Results<Ok<ProgrammeView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, SessionQueries queries, CancellationToken cancellationToken)
    {
        var found = await queries.ProgrammeAsync(id, cancellationToken);
        return found.Value is { } programme
            ? TypedResults.Ok(ProgrammeView.From(programme.Programme, http.Language(), Caller.From(http.User), programme.Sessions))
            : found.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<ProgrammeView>, ProblemHttpResult>> CreateAsync(
        ProgrammeDraft draft, HttpContext http, ClaimsPrincipal user, ProgrammeService programmes, CancellationToken cancellationToken)
    {
        var created = await programmes.CreateProgrammeAsync(draft, user.Subject(), cancellationToken);
        return created.Value is { } programme
            ? TypedResults.Created($"/api/scheduling/programmes/{programme.Id}", ProgrammeView.From(programme, http.Language(), Caller.From(user), []))
            : created.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<ProgrammeView>, ProblemHttpResult>> FromTemplateAsync(
        TemplateRequest? request, HttpContext http, ClaimsPrincipal user, ProgrammeService programmes, CancellationToken cancellationToken)
    {
        var created = await programmes.CreateFromTemplateAsync(
            request?.Template ?? ProgrammeTemplate.CommunityLeaderTraining,
            request?.FiscalYear ?? ProgrammeTemplate.FoundingFiscalYear,
            request?.VenueId, user.Subject(), cancellationToken);
        return created.Value is { } made
            ? TypedResults.Created($"/api/scheduling/programmes/{made.Programme.Id}", ProgrammeView.From(made.Programme, http.Language(), Caller.From(user), made.Sessions))
            : created.Refusal!.ToProblem();
    }
}
