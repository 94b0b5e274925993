using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application;
using Municipal.Edge;
using Municipal.ServiceDefaults;
using System.Text.Json;

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
                "An Idempotency-Key makes a retry safe. Publishes OfficeAssigned.")
            .Produces<OfficeView>(StatusCodes.Status201Created)
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
            .WithSummary("Give a term its last day, or an earlier one (staff, admin); If-Match, when sent, must be current. A term is never extended. Publishes OfficeEnded.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }

    internal static async Task<Results<Ok<Page<OfficeView>>, ProblemHttpResult>> ListAsync(
        OfficeUseCases offices, CancellationToken cancellationToken,
        string? role = null, DateOnly? asOf = null, Guid? communityId = null, Guid? divisionId = null, Guid? personId = null,
        int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await offices.ListAsync(new OfficeFilter(role, asOf, communityId, divisionId, personId), paging.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<IResult> AssignAsync(
        OfficeRequest body, OfficeUseCases offices, [AsParameters] CreateServices create, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey.Read(create.Request, Caller.From(create.User).Subject ?? "",
            $"POST /api/communities/offices {JsonSerializer.Serialize(body, create.Json.Value.SerializerOptions)}");
        if (!key.Succeeded)
        {
            return key.Refusal!.ToProblem();
        }

        return await create.Creates.RunAsync(key.Value, ct => offices.AssignAsync(body, ct), assigned =>
        {
            create.Response.SetETag(assigned.Version);
            return new StoredAnswer(StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(assigned.Value, create.Json.Value.SerializerOptions), $"/api/communities/offices/{assigned.Value.Id}", assigned.Value.Id);
        }, refusal => refusal.ToProblem(), cancellationToken);
    }

    internal static async Task<Results<Ok<OfficeView>, ProblemHttpResult>> GetAsync(
        Guid id, OfficeUseCases offices, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await offices.GetAsync(id, cancellationToken), response);

    internal static async Task<Results<Ok<OfficeView>, ProblemHttpResult>> EndAsync(
        Guid id, EndTerm body, OfficeUseCases offices, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await offices.EndAsync(id, body.EndDate, version => Preconditions.CheckIfMatch(request, version), cancellationToken), response);

    /// <summary>The term with the <c>ETag</c> of its version, or the refusal.</summary>
    private static Results<Ok<OfficeView>, ProblemHttpResult> Tagged(Result<Versioned<OfficeView>> result, HttpResponse response)
    {
        if (!result.Succeeded)
        {
            return result.Refusal!.ToProblem();
        }

        response.SetETag(result.Value!.Version);
        return TypedResults.Ok(result.Value.Value);
    }
}
