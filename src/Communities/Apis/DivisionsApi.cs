using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;

namespace Municipal.Communities.Apis;

public static class DivisionsApi
{
    public static RouteGroupBuilder MapDivisionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities/divisions").WithTags("Divisions");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListDivisions")
            .WithSummary("The divisions of the municipality (public), with the codes of the shared vocabulary and each one's current head.");

        return api;
    }

    internal static async Task<Ok<Page<DivisionView>>> ListAsync(
        CommunitiesDbContext db, OfficeReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var divisions = await db.Divisions.AsNoTracking().OrderBy(d => d.Code).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var today = CalendarDates.Today(time.GetUtcNow());
        var heads = await db.Offices.AsNoTracking()
            .Where(o => o.Role == OfficeRoles.DivisionHead && o.StartDate <= today && (o.EndDate == null || o.EndDate >= today))
            .ToListAsync(cancellationToken);
        var headViews = (await reader.ViewsAsync(heads, cancellationToken)).ToDictionary(v => v.DivisionId!.Value);
        var items = divisions.Select(d => new DivisionView(d.Id, d.Code, d.NameTh, d.NameEn, headViews.GetValueOrDefault(d.Id))).ToList();
        return TypedResults.Ok(new Page<DivisionView>(items, items.Count));
    }
}
