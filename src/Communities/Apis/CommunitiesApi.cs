using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

public static class CommunitiesApi
{
    public const string IncludeContacts = "contacts";

    public static RouteGroupBuilder MapCommunitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities").WithTags("Communities");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListCommunities")
            .WithSummary("The communities of the municipality (public): search by Thai name or code, filter by status and zone, paged.")
            .ProducesValidationProblem();

        api.MapPost("", RegisterAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RegisterCommunity")
            .WithSummary("Register a community (staff, admin). Publishes CommunityRegistered.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetCommunity")
            .WithSummary("One community with its current office holders' names and roles (public). Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("UpdateCommunity")
            .WithSummary("Change a community's details or status (staff, admin); needs If-Match. Publishes CommunityChanged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapGet("/{id:guid}/offices", OfficesAsync)
            .AllowAnonymous()
            .WithName("ListCommunityOffices")
            .WithSummary("A community's terms of office, as of a date or all of them. include=contacts adds the holders' contact details " +
                "for officials and the community's own leader (each read is logged).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Ok<Page<CommunityView>>, ValidationProblem>> ListAsync(
        CommunitiesDbContext db, CancellationToken cancellationToken,
        string? q = null, string? status = null, string? zone = null, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        if (Http.CheckPaging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var query = db.Communities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!CommunityInput.TryParseStatus(status, out var wanted))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use active, merged or dissolved."] });
            }

            query = query.Where(c => c.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(zone))
        {
            var z = zone.Trim();
            query = query.Where(c => c.Zone == z);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var code = text.ToUpperInvariant();
            query = query.Where(c => c.NameTh.Contains(text) || c.Code.Contains(code));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.Code).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CommunityView>(items.Select(CommunityView.From).ToList(), total));
    }

    internal static async Task<Results<Ok<CommunityDetailView>, NotFound>> GetAsync(
        Guid id, CommunitiesDbContext db, OfficeReader reader, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (community is null)
        {
            return TypedResults.NotFound();
        }

        var today = CalendarDates.Today(time.GetUtcNow());
        var current = await db.Offices.AsNoTracking()
            .Where(o => o.CommunityId == id && o.StartDate <= today && (o.EndDate == null || o.EndDate >= today))
            .ToListAsync(cancellationToken);
        var views = await reader.ViewsAsync(OrderForDisplay(current), cancellationToken);
        response.SetETag(community.Version);
        return TypedResults.Ok(CommunityDetailView.From(community, views));
    }

    internal static async Task<Results<Created<CommunityDetailView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        CommunityInput input, CommunitiesDbContext db, Registry registry, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!ClientRequests.TryRead(request, out var requestId))
        {
            return Http.BadRequestId();
        }

        if (await db.FindAsync(requestId, cancellationToken) is { } prior)
        {
            return await AlreadyRegisteredAsync(prior, db, response, cancellationToken);
        }

        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The community is not valid.");
        }

        if (await db.Communities.AnyAsync(c => c.Code == details!.Code, cancellationToken))
        {
            return Http.Conflict("The code is taken.", $"Another community already has the code {details!.Code}.");
        }

        if (details!.MergedInto is { } target && !await db.Communities.AnyAsync(c => c.Id == target, cancellationToken))
        {
            return Http.Unprocessable("No such community to merge into.", "mergedInto names no community in the registry.");
        }

        var community = registry.RegisterCommunity(details);
        db.Remember(requestId, "community", community.Id, registry.Now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A retry racing its original, or two registrations of one code at once: the unique indexes let one through.
            db.ChangeTracker.Clear();
            if (await db.FindAsync(requestId, cancellationToken) is { } raced)
            {
                return await AlreadyRegisteredAsync(raced, db, response, cancellationToken);
            }

            if (!await db.Communities.AsNoTracking().AnyAsync(c => c.Code == details.Code, cancellationToken))
            {
                throw;
            }

            return Http.Conflict("The code is taken.", $"Another community already has the code {details.Code}.");
        }

        response.SetETag(community.Version);
        return TypedResults.Created($"/api/communities/{community.Id}", CommunityDetailView.From(community, []));
    }

    private static async Task<Results<Created<CommunityDetailView>, ValidationProblem, ProblemHttpResult>> AlreadyRegisteredAsync(
        ClientRequest prior, CommunitiesDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var community = prior.Kind == "community"
            ? await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == prior.ResourceId, cancellationToken)
            : null;
        if (community is null)
        {
            return Http.RequestIdReused();
        }

        response.SetETag(community.Version);
        return TypedResults.Created($"/api/communities/{community.Id}", CommunityDetailView.From(community, []));
    }

    internal static async Task<Results<Ok<CommunityDetailView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        Guid id, CommunityInput input, CommunitiesDbContext db, Registry registry, OfficeReader reader, TimeProvider time,
        HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (community is null)
        {
            return TypedResults.NotFound();
        }

        if (Http.CheckIfMatch(request, community.Version) is { } precondition)
        {
            return precondition;
        }

        var errors = input.Validate(out var details);
        if (details?.MergedInto == id)
        {
            errors["mergedInto"] = ["A community cannot be merged into itself."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The community is not valid.");
        }

        if (details!.Code != community.Code && await db.Communities.AnyAsync(c => c.Code == details.Code, cancellationToken))
        {
            return Http.Conflict("The code is taken.", $"Another community already has the code {details.Code}.");
        }

        if (details.MergedInto is { } target && !await db.Communities.AnyAsync(c => c.Id == target, cancellationToken))
        {
            return Http.Unprocessable("No such community to merge into.", "mergedInto names no community in the registry.");
        }

        registry.ChangeCommunity(community, details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Http.Stale();
        }

        var today = CalendarDates.Today(time.GetUtcNow());
        var current = await db.Offices.AsNoTracking()
            .Where(o => o.CommunityId == id && o.StartDate <= today && (o.EndDate == null || o.EndDate >= today))
            .ToListAsync(cancellationToken);
        response.SetETag(community.Version);
        return TypedResults.Ok(CommunityDetailView.From(community, await reader.ViewsAsync(OrderForDisplay(current), cancellationToken)));
    }

    internal static async Task<Results<Ok<Page<OfficeView>>, ValidationProblem, NotFound, ProblemHttpResult>> OfficesAsync(
        Guid id, ClaimsPrincipal user, CommunitiesDbContext db, OfficeReader reader, CancellationToken cancellationToken,
        DateOnly? asOf = null, string? include = null, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        if (Http.CheckPaging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var withContacts = string.Equals(include?.Trim(), IncludeContacts, StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(include) && !withContacts)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["include"] = [$"Only include={IncludeContacts} is known."] });
        }

        if (!await db.Communities.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var caller = Http.CallerOf(user);
        if (withContacts && !caller.IsSignedIn)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to see contact details.",
                detail: "Contact details are personal data: only officials and the community's own leader see them.");
        }

        if (withContacts && !ContactRules.MayReadCommunityContacts(caller, id))
        {
            return Http.Forbidden("Not your community.",
                "A community leader sees the contact details of their own community's office holders only; names and roles are public without include=contacts.");
        }

        var query = db.Offices.AsNoTracking().Where(o => o.CommunityId == id);
        if (asOf is { } day)
        {
            query = query.Where(o => o.StartDate <= day && (o.EndDate == null || o.EndDate >= day));
        }

        var all = OrderForDisplay(await query.ToListAsync(cancellationToken));
        var pageOfOffices = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var views = await reader.ViewsAsync(pageOfOffices, cancellationToken, withContacts ? caller : null, "community-offices");
        return TypedResults.Ok(new Page<OfficeView>(views, all.Count));
    }

    private static readonly string[] RoleOrder =
    [
        OfficeRoles.President, OfficeRoles.VicePresident, OfficeRoles.Secretary, OfficeRoles.Treasurer, OfficeRoles.CommitteeMember,
    ];

    /// <summary>As a community lists its committee: by role (president first), newest term first, then a stable key.</summary>
    internal static List<Office> OrderForDisplay(IEnumerable<Office> offices) => offices
        .OrderBy(o => Array.IndexOf(RoleOrder, o.Role) is var i and >= 0 ? i : RoleOrder.Length)
        .ThenByDescending(o => o.StartDate)
        .ThenBy(o => o.Id)
        .ToList();
}
