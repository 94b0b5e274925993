using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application;
using Municipal.Edge;

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

    internal static async Task<Ok<Page<DivisionView>>> ListAsync(OfficeUseCases offices, CancellationToken cancellationToken) =>
        TypedResults.Ok(await offices.DivisionsAsync(cancellationToken));
}
