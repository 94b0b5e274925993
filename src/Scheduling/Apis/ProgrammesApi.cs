using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
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
        HttpContext http, SchedulingDbContext db, CancellationToken cancellationToken, int? fiscalYear = null, int page = 1, int pageSize = 20)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        var query = db.Programmes.AsNoTracking();
        if (fiscalYear is { } year)
        {
            query = query.Where(p => p.FiscalYear == year);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(p => p.FiscalYear).ThenBy(p => p.Title).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var language = http.Language();
        return TypedResults.Ok(new Page<ProgrammeView>(items.Select(p => ProgrammeView.From(p, language)).ToList(), total));
    }

    internal static async Task<Results<Ok<ProgrammeView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (programme is null)
        {
            return Failure.NotFound("No such programme.").ToProblem();
        }

        var language = http.Language();
        return TypedResults.Ok(ProgrammeView.From(programme, language, await SessionsApi.ViewsAsync(db, programme.Id, language, cancellationToken)));
    }

    internal static async Task<Results<Created<ProgrammeView>, ProblemHttpResult>> CreateAsync(
        ProgrammeDraft draft, HttpContext http, ClaimsPrincipal user, SessionService sessions, CancellationToken cancellationToken)
    {
        var created = await sessions.CreateProgrammeAsync(draft, user.Subject(), cancellationToken);
        return created.Value is { } programme
            ? TypedResults.Created($"/api/scheduling/programmes/{programme.Id}", ProgrammeView.From(programme, http.Language(), []))
            : created.Failure!.ToProblem();
    }

    internal static async Task<Results<Created<ProgrammeView>, ProblemHttpResult>> FromTemplateAsync(
        TemplateRequest? request, HttpContext http, ClaimsPrincipal user, SessionService sessions, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var created = await sessions.CreateFromTemplateAsync(
            request?.Template ?? ProgrammeTemplate.CommunityLeaderTraining,
            request?.FiscalYear ?? ProgrammeTemplate.FoundingFiscalYear,
            request?.VenueId, user.Subject(), cancellationToken);
        if (!created.Succeeded)
        {
            return created.Failure!.ToProblem();
        }

        var (programme, _) = created.Value;
        var language = http.Language();
        return TypedResults.Created($"/api/scheduling/programmes/{programme.Id}",
            ProgrammeView.From(programme, language, await SessionsApi.ViewsAsync(db, programme.Id, language, cancellationToken)));
    }
}
