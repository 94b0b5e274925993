using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Communities.Apis;

public static class OfficesApi
{
    /// <summary>The body of <c>POST /api/communities/offices/{id}/end</c>.</summary>
    public sealed record EndTerm(DateOnly? EndDate);

    public static RouteGroupBuilder MapOfficesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities/offices").WithTags("Offices");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListOffices")
            .WithSummary("Terms of office and their holders' names (public): filter by role, community, division or person; " +
                "asOf=yyyy-MM-dd keeps the terms held on that day (e.g. every president on 2019-11-19).")
            .ProducesValidationProblem();

        api.MapPost("", AssignAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("AssignOffice")
            .WithSummary("Assign a person a role for a term (staff, admin). A single seat taken for any day of the term is 409 naming the holder. " +
                "Publishes OfficeAssigned.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetOffice")
            .WithSummary("One term of office and its holder's name (public). Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/end", EndAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("EndOffice")
            .WithSummary("Give a term its last day, or an earlier one (staff, admin); needs If-Match. A term is never extended. Publishes OfficeEnded.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return api;
    }

    internal static async Task<Results<Ok<Page<OfficeView>>, ValidationProblem>> ListAsync(
        CommunitiesDbContext db, OfficeReader reader, CancellationToken cancellationToken,
        string? role = null, DateOnly? asOf = null, Guid? communityId = null, Guid? divisionId = null, Guid? personId = null,
        int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        if (Http.CheckPaging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var query = db.Offices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(role))
        {
            if (!OfficeRoles.IsKnown(role.Trim()))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["role"] = [$"Unknown role. Use one of: {string.Join(", ", OfficeRoles.Codes)}."],
                });
            }

            var r = role.Trim();
            query = query.Where(o => o.Role == r);
        }

        if (asOf is { } day)
        {
            query = query.Where(o => o.StartDate <= day && (o.EndDate == null || o.EndDate >= day));
        }

        if (communityId is { } c)
        {
            query = query.Where(o => o.CommunityId == c);
        }

        if (divisionId is { } d)
        {
            query = query.Where(o => o.DivisionId == d);
        }

        if (personId is { } p)
        {
            query = query.Where(o => o.PersonId == p);
        }

        var total = await query.CountAsync(cancellationToken);
        var offices = await query.OrderBy(o => o.Role).ThenByDescending(o => o.StartDate).ThenBy(o => o.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<OfficeView>(await reader.ViewsAsync(offices, cancellationToken), total));
    }

    internal static async Task<Results<Created<OfficeView>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        OfficeRequest body, OfficeAssignments assignments, OfficeReader reader, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!ClientRequests.TryRead(request, out var requestId))
        {
            return Http.BadRequestId();
        }

        switch (await assignments.AssignAsync(body, requestId, cancellationToken))
        {
            case AssignResult.AlreadyDone { Office: null }:
                return Http.RequestIdReused();
            case AssignResult.AlreadyDone { Office: { } earlier }:
                response.SetETag(earlier.Version);
                return TypedResults.Created($"/api/communities/offices/{earlier.Id}", (await reader.ViewsAsync([earlier], cancellationToken))[0]);
            case AssignResult.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The term of office is not valid.");
            case AssignResult.Unusable unusable:
                return Http.Unprocessable(unusable.Title, unusable.Detail);
            case AssignResult.Clashed clash:
                var holder = clash.Holder;
                var term = $"{CalendarDates.Iso(holder.StartDate)} – {(holder.EndDate is { } end ? CalendarDates.Iso(end) : "open-ended")}";
                var detail = OfficeRoles.IsSingleSeat(holder.Role)
                    ? $"{clash.Place} already has a {holder.Role} for part of this term: {clash.HolderName} ({term})."
                    : $"{clash.HolderName} already holds {holder.Role} in {clash.Place} for part of this term ({term}).";
                return Http.Conflict("The term clashes with another.", detail, new Dictionary<string, object?>
                {
                    ["holder"] = new
                    {
                        officeId = holder.Id,
                        personId = holder.PersonId,
                        name = clash.HolderName,
                        role = holder.Role,
                        startDate = holder.StartDate,
                        endDate = holder.EndDate,
                    },
                });
            case AssignResult.Assigned assigned:
                var view = (await reader.ViewsAsync([assigned.Office], cancellationToken))[0];
                response.SetETag(assigned.Office.Version);
                return TypedResults.Created($"/api/communities/offices/{assigned.Office.Id}", view);
            default:
                throw new InvalidOperationException("Unknown assignment result.");
        }
    }

    internal static async Task<Results<Ok<OfficeView>, NotFound>> GetAsync(
        Guid id, CommunitiesDbContext db, OfficeReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        var office = await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (office is null)
        {
            return TypedResults.NotFound();
        }

        response.SetETag(office.Version);
        return TypedResults.Ok((await reader.ViewsAsync([office], cancellationToken))[0]);
    }

    internal static async Task<Results<Ok<OfficeView>, ValidationProblem, NotFound, ProblemHttpResult>> EndAsync(
        Guid id, EndTerm body, CommunitiesDbContext db, Registry registry, OfficeReader reader,
        HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var office = await db.Offices.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (office is null)
        {
            return TypedResults.NotFound();
        }

        if (Http.CheckIfMatch(request, office.Version) is { } precondition)
        {
            return precondition;
        }

        if (body.EndDate is not { } lastDay)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["endDate"] = ["The last day in office (yyyy-MM-dd) is required."] });
        }

        if (CalendarDates.Problem(lastDay) is { } dateProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["endDate"] = [dateProblem] });
        }

        switch (registry.EndOffice(office, lastDay))
        {
            case EndOutcome.BeforeStart:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["endDate"] = ["The end date is before the term's start date."] });
            case EndOutcome.WouldExtend:
                return Http.Conflict("A term is not extended.",
                    $"This term already ends on {CalendarDates.Iso(office.EndDate!.Value)}; assign a new term to continue in office.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Http.Stale();
        }

        response.SetETag(office.Version);
        return TypedResults.Ok((await reader.ViewsAsync([office], cancellationToken))[0]);
    }
}
