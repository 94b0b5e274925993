using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Edge;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text.Json;

namespace Municipal.Communities.Apis;

public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities/people").WithTags("People");

        api.MapGet("", ListAsync)
            .RequireAuthorization(Policies.Officials)
            .WithName("ListPeople")
            .WithSummary("People in the registry, names only (staff, executives, admins): search by name, filter by subject or community, paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("", RegisterAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RegisterPerson")
            .WithSummary("Register a person (staff, admin); an Idempotency-Key makes a retry safe. Publishes PersonRegistered.")
            .Produces<PersonView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/me", MeAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetMyself")
            .WithSummary("The person whose account signed in (token sub = the person's subject), in full.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPerson")
            .WithSummary("One person with contact details and terms of office: for officials, the person, and the leader of a community " +
                "where the person holds office. Every read by someone else is logged. Carries an ETag.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("UpdatePerson")
            .WithSummary("Replace a person's details (staff, admin), or one's own contact details and preferences; needs If-Match. " +
                "Publishes PersonContactChanged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapDelete("/{id:guid}", EraseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ErasePerson")
            .WithSummary("Erase a person (PDPA; staff, admin): names and contact details are replaced, terms stay as history. Publishes PersonErased.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/access-log", AccessLogAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPersonAccessLog")
            .WithSummary("Who read this person's contact details, and when (admins, and the person themself).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Ok<Page<PersonSummaryView>>, ProblemHttpResult>> ListAsync(
        PersonUseCases people, CancellationToken cancellationToken,
        string? q = null, string? subject = null, Guid? communityId = null, bool erased = false, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await people.ListAsync(new PeopleFilter(q, subject, communityId, erased), paging.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<IResult> RegisterAsync(
        PersonInput input, PersonUseCases people, [AsParameters] CreateServices create, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey.Read(create.Request, Caller.From(create.User).Subject ?? "",
            $"POST /api/communities/people {JsonSerializer.Serialize(input, create.Json.Value.SerializerOptions)}");
        if (!key.Succeeded)
        {
            return key.Refusal!.ToProblem();
        }

        return await create.Creates.RunAsync(key.Value, ct => people.RegisterAsync(input, ct), created =>
        {
            create.Response.SetETag(created.Version);
            return new StoredAnswer(StatusCodes.Status201Created, "application/json; charset=utf-8",
                JsonSerializer.Serialize(created.Value, create.Json.Value.SerializerOptions), $"/api/communities/people/{created.Value.Id}", created.Value.Id);
        }, refusal => refusal.ToProblem(), cancellationToken);
    }

    internal static async Task<Results<Ok<PersonView>, ProblemHttpResult>> MeAsync(
        ClaimsPrincipal user, PersonUseCases people, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await people.MeAsync(Caller.From(user), cancellationToken), response);

    internal static async Task<Results<Ok<PersonView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, PersonUseCases people, HttpResponse response, CancellationToken cancellationToken) =>
        Tagged(await people.GetAsync(id, Caller.From(user), cancellationToken), response);

    internal static async Task<Results<Ok<PersonView>, ProblemHttpResult>> UpdateAsync(
        Guid id, PersonInput input, ClaimsPrincipal user, PersonUseCases people, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken) =>
        Tagged(await people.UpdateAsync(id, input, Caller.From(user), version => Preconditions.RequireIfMatch(request, version), cancellationToken), response);

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(Guid id, PersonUseCases people, CancellationToken cancellationToken)
    {
        var result = await people.EraseAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<AccessLogView>>, ProblemHttpResult>> AccessLogAsync(
        Guid id, ClaimsPrincipal user, PersonUseCases people, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var result = await people.AccessLogAsync(id, Caller.From(user), paging.Value, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    /// <summary>The person with the <c>ETag</c> of the version read, or the refusal.</summary>
    private static Results<Ok<PersonView>, ProblemHttpResult> Tagged(Result<Versioned<PersonView>> result, HttpResponse response)
    {
        if (!result.Succeeded)
        {
            return result.Refusal!.ToProblem();
        }

        response.SetETag(result.Value!.Version);
        return TypedResults.Ok(result.Value.Value);
    }
}
