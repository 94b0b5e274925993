using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

/// <summary>The PDPA rights of a request's submitter who has no account: who read their contact, and erasure.</summary>
public static class SubmitterPrivacyApi
{
    public static RouteGroupBuilder MapSubmitterPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/{id:guid}").WithTags("Submitter privacy");

        api.MapGet("/access-log", AccessLogAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("GetRequestContactAccessLog")
            .WithSummary("Who read the submitter's name and contact, and when (admins): every read of one request by someone other than the submitter.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/submitter", EraseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("EraseRequestSubmitter")
            .WithSummary("Erase a phoned-in or Open311 submitter on their request (staff, PDPA): their name and contact leave this request and " +
                "every other they filed with the same phone or e-mail; the other services forget them too (RequestSubmitterErased). " +
                "A submitter with an account is erased in the registry instead, a LINE reporter in the chat (409).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Results<Ok<Page<ContactReadView>>, ProblemHttpResult>> AccessLogAsync(
        Guid id, SubmitterPrivacy privacy, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return paging.Refusal!.ToProblem();
        }

        var log = await privacy.AccessLogAsync(id, paging.Value, cancellationToken);
        return log.Succeeded ? TypedResults.Ok(log.Value) : log.Refusal!.ToProblem();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(
        Guid id, ClaimsPrincipal user, SubmitterPrivacy privacy, CancellationToken cancellationToken)
    {
        var erased = await privacy.EraseAsync(id, Caller.From(user), cancellationToken);
        return erased.Succeeded ? TypedResults.NoContent() : erased.Refusal!.ToProblem();
    }
}
