using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;

namespace Municipal.Requests.Apis;

public static class CategoriesApi
{
    public static RouteGroupBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/categories").WithTags("Requests");

        api.MapGet("", ListCategoriesAsync)
            .AllowAnonymous()
            .WithName("ListRequestCategories")
            .WithSummary("The kinds of problem a request can be about, the division each goes to and its service levels.");

        return api;
    }

    internal static async Task<Ok<Page<CategoryView>>> ListCategoriesAsync(ReferenceData reference, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reference.CategoriesAsync(cancellationToken));
}
