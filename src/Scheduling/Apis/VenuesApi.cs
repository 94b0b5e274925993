using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Apis;

public static class VenuesApi
{
    public static RouteGroupBuilder MapVenuesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/venues").WithTags("Venues");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListVenues")
            .WithSummary("The meeting rooms sessions can be held in.");

        return api;
    }

    public sealed record VenueView(Guid Id, string Name, string? Building, string? Floor, int Capacity)
    {
        public static VenueView From(Venue v) => new(v.Id, v.Name, v.Building, v.Floor, v.Capacity);
    }

    public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

    internal static async Task<Ok<Page<VenueView>>> ListAsync(SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var venues = await db.Venues.AsNoTracking().OrderBy(v => v.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<VenueView>(venues.Select(VenueView.From).ToList(), venues.Count));
    }
}
