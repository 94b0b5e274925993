using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;

namespace Municipal.Communities.Apis;

public static class CommunitiesApi
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapCommunitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities").WithTags("Communities");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListCommunities")
            .WithSummary("The communities of the municipality: public names, codes and zones.")
            .ProducesValidationProblem();

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetCommunity")
            .WithSummary("One community.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public sealed record CommunityView(
        Guid Id, string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population,
        double? Latitude, double? Longitude, CommunityStatus Status)
    {
        public static CommunityView From(Community c) => new(
            c.Id, c.Code, c.NameTh, c.NameEn, c.Zone, c.Households, c.Population, c.Latitude, c.Longitude, c.Status);
    }

    public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

    internal static async Task<Results<Ok<Page<CommunityView>>, ValidationProblem>> ListAsync(
        CommunitiesDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paging"] = [$"page must be 1 or more and pageSize between 1 and {MaxPageSize}."],
            });
        }

        var query = db.Communities.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.Code).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CommunityView>(items.Select(CommunityView.From).ToList(), total));
    }

    internal static async Task<Results<Ok<CommunityView>, NotFound>> GetAsync(
        Guid id, CommunitiesDbContext db, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return community is null ? TypedResults.NotFound() : TypedResults.Ok(CommunityView.From(community));
    }
}
