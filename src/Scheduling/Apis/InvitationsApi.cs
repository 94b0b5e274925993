using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions/{id:guid}/invitations").WithTags("Invitations");

        api.MapPost("", InviteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("InviteToSession")
            .WithSummary("Invite the current holders of the programme's target offices (or the roles given) who are not invited yet (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("", ListAsync)
            .RequireAuthorization(Policies.Officials)
            .WithName("ListInvitations")
            .WithSummary("Who was invited to a session (officials).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public sealed record InviteRequest(IReadOnlyList<string>? Roles = null);

    internal static async Task<Results<Ok<InvitationRoundView>, ProblemHttpResult>> InviteAsync(
        Guid id, InviteRequest? request, ClaimsPrincipal user, InvitationService invitations, CancellationToken cancellationToken)
    {
        var round = await invitations.InviteAsync(id, request?.Roles, user.Subject(), cancellationToken);
        return round.Value is { } value ? TypedResults.Ok(InvitationRoundView.From(value)) : round.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<InvitationView>>, ProblemHttpResult>> ListAsync(
        Guid id, InvitationService invitations, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        var listed = await invitations.ListAsync(id, paging.Value, cancellationToken);
        return listed.Value is { } invited
            ? TypedResults.Ok(new Page<InvitationView>(invited.Items.Select(InvitationView.From).ToList(), invited.Total))
            : listed.Refusal!.ToProblem();
    }
}
