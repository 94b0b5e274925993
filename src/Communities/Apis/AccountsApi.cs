using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Communities.Application;
using Municipal.Edge;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

/// <summary>
/// Linking a sign-in account to its person in the registry: by a code sent to the person's phone (no clerk), or by a
/// clerk who finds the account's request by name.
/// </summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/communities/people/me/claim").WithTags("Accounts").RequireAuthorization(Policies.SignedIn);

        mine.MapPost("", RequestAsync)
            .WithName("ClaimPersonCode")
            .WithSummary("Asks for a one-time code to link the signed-in account to its person: send the phone number the registry holds; " +
                "the person receives the code by SMS. The answer is the same whether the number matched (the registry does not say who is in it).")
            .Produces<ClaimSent>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        mine.MapPost("/confirm", ConfirmAsync)
            .WithName("ConfirmPersonClaim")
            .WithSummary("Links the signed-in account to its person with the code that was sent (15 minutes, five tries). Publishes PersonContactChanged.")
            .Produces<AccountLinked>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/communities/account-requests", PendingAsync)
            .WithTags("Accounts")
            .RequireAuthorization(Policies.Staff)
            .WithName("ListAccountRequests")
            .WithSummary("Accounts that asked to be linked to their person and are not yet (staff): search by the account's name, newest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapPost("/api/communities/people/{id:guid}/account", LinkAsync)
            .WithTags("Accounts")
            .RequireAuthorization(Policies.Staff)
            .WithName("LinkPersonAccount")
            .WithSummary("Links a person to an account that asked (staff), when the code cannot reach the person. Publishes PersonContactChanged.")
            .Produces<AccountLinked>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    internal static async Task<Results<Accepted<ClaimSent>, ProblemHttpResult>> RequestAsync(
        ClaimRequest body, ClaimsPrincipal user, AccountClaims claims, CancellationToken cancellationToken)
    {
        var sent = await claims.RequestAsync(Caller.From(user), user.DisplayName(), body, cancellationToken);
        return sent.Succeeded ? TypedResults.Accepted((string?)null, sent.Value) : sent.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<AccountLinked>, ProblemHttpResult>> ConfirmAsync(
        ClaimConfirmation body, ClaimsPrincipal user, AccountClaims claims, CancellationToken cancellationToken)
    {
        var linked = await claims.ConfirmAsync(Caller.From(user), body, cancellationToken);
        return linked.Succeeded ? TypedResults.Ok(linked.Value) : linked.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<AccountRequestView>>, ProblemHttpResult>> PendingAsync(
        AccountClaims claims, CancellationToken cancellationToken, string? q = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var pending = await claims.PendingAsync(q, paging.Value, cancellationToken);
        return pending.Succeeded ? TypedResults.Ok(pending.Value) : pending.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<AccountLinked>, ProblemHttpResult>> LinkAsync(
        Guid id, AccountLink body, AccountClaims claims, CancellationToken cancellationToken)
    {
        var linked = await claims.LinkByClerkAsync(id, body, cancellationToken);
        return linked.Succeeded ? TypedResults.Ok(linked.Value) : linked.Refusal!.ToProblem();
    }
}
