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
            .WithSummary("The communities of the municipality (public): search by Thai name or code, filter by status and zone, paged. " +
                "Carries a strong ETag; If-None-Match answers 304 while nothing changed.")
            .Produces<Page<CommunityView>>()
            .Produces(StatusCodes.Status304NotModified)
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
            .WithSummary("One community with its current office holders' names and roles (public). Carries an ETag; " +
                "If-None-Match answers 304 while nothing changed.")
            .Produces<CommunityDetailView>()
            .Produces(StatusCodes.Status304NotModified)
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

    internal static async Task<IResult> ListAsync(
        PublicReads reads, CancellationToken cancellationToken,
        string? q = null, string? status = null, string? zone = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await reads.ListAsync(new CommunityFilter(q, status, zone), paging.Value, cancellationToken);
        return result.Succeeded ? new CachedJson(result.Value!) : result.Refusal!.ToProblem();
    }

    internal static async Task<IResult> GetAsync(Guid id, PublicReads reads, CancellationToken cancellationToken)
    {
        var result = await reads.GetAsync(id, cancellationToken);
        return result.Succeeded ? new CachedJson(result.Value!) : result.Refusal!.ToProblem();
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

    internal static async Task<IResult> UpdateAsync(
        Guid id, CommunityInput input, CommunityUseCases communities, PublicReads reads, HttpRequest request, CancellationToken cancellationToken)
    {
        var result = await communities.UpdateAsync(id, input, version => CommunityTags.RequireIfMatch(request, version), cancellationToken);
        return result.Succeeded ? new CachedJson(reads.Detail(result.Value!), conditional: false) : result.Refusal!.ToProblem();
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

/// <summary>
/// A JSON answer kept in memory, with its strong ETag and <c>Cache-Control: no-cache</c> (anyone may keep it, but asks
/// again each time, so a change is seen at once); <c>If-None-Match</c> naming the current tag answers 304 without a body.
/// </summary>
internal sealed class CachedJson(CachedAnswer answer, bool conditional = true) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ETag = answer.ETag;
        response.Headers.CacheControl = "no-cache";
        if (conditional && Matches(httpContext.Request.Headers.IfNoneMatch.ToString()))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = answer.Body.Length;
        return response.Body.WriteAsync(answer.Body, httpContext.RequestAborted).AsTask();
    }

    private bool Matches(string ifNoneMatch) =>
        !string.IsNullOrEmpty(ifNoneMatch)
        && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(tag => tag.Trim() == answer.ETag || tag.Trim() == "W/" + answer.ETag));
}
