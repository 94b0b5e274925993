using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Edge;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;

namespace Municipal.Communities.Apis;

public static class CommunitiesApi
{
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
            .WithSummary("Register a community (staff, admin); an Idempotency-Key makes a retry safe. Publishes CommunityRegistered.")
            .Produces<CommunityDetailView>(StatusCodes.Status201Created)
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

    internal static async Task<Results<Ok<Page<CommunityView>>, ProblemHttpResult>> ListAsync(
        CommunityUseCases communities, CancellationToken cancellationToken,
        string? q = null, string? status = null, string? zone = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await communities.ListAsync(new CommunityFilter(q, status, zone), paging.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<CommunityDetailView>, ProblemHttpResult>> GetAsync(
        Guid id, CommunityUseCases communities, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await communities.GetAsync(id, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Refusal!.ToProblem();
        }

        response.SetETag(result.Value!.Version);
        return TypedResults.Ok(result.Value.Value);
    }

    internal static async Task<IResult> RegisterAsync(
        CommunityInput input, CommunityUseCases communities, [AsParameters] CreateServices create, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey.Read(create.Request, Caller.From(create.User).Subject ?? "",
            $"POST /api/communities {JsonSerializer.Serialize(input, create.Json.Value.SerializerOptions)}");
        if (!key.Succeeded)
        {
            return key.Refusal!.ToProblem();
        }

        return await create.Creates.RunAsync(key.Value, ct => communities.RegisterAsync(input, ct), created =>
        {
            create.Response.SetETag(created.Version);
            return new StoredAnswer(StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(created.Value, create.Json.Value.SerializerOptions), $"/api/communities/{created.Value.Id}", created.Value.Id);
        }, refusal => refusal.ToProblem(), cancellationToken);
    }

    internal static async Task<Results<Ok<CommunityDetailView>, ProblemHttpResult>> UpdateAsync(
        Guid id, CommunityInput input, CommunityUseCases communities, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await communities.UpdateAsync(id, input, version => Preconditions.RequireIfMatch(request, version), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Refusal!.ToProblem();
        }

        response.SetETag(result.Value!.Version);
        return TypedResults.Ok(result.Value.Value);
    }

    internal static async Task<Results<Ok<Page<OfficeView>>, ProblemHttpResult>> OfficesAsync(
        Guid id, ClaimsPrincipal user, CommunityUseCases communities, CancellationToken cancellationToken,
        DateOnly? asOf = null, string? include = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await communities.OfficesAsync(id, Caller.From(user), asOf, include, paging.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }
}
