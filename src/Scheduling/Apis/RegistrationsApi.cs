using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;
using System.Text;

namespace Municipal.Scheduling.Apis;

public static class RegistrationsApi
{
    public static RouteGroupBuilder MapRegistrationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/registrations").WithTags("Registrations").RequireAuthorization(Policies.SignedIn);

        api.MapGet("", ListMineAsync)
            .WithName("ListMyRegistrations")
            .WithSummary("The caller's own registrations, newest session first (staff may name ?personId=).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}", GetAsync)
            .WithName("GetRegistration")
            .WithSummary("One registration, for its person or staff.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelRegistration")
            .WithSummary("Give up a registration (your own, or anyone's for staff). A freed seat goes to the oldest waitlisted at once.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:guid}/move", MoveAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("MoveRegistration")
            .WithSummary("Move a person to another session: cancelled here, registered there, in one step (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}/qr.png", QrPngAsync)
            .WithName("GetRegistrationQrPng")
            .WithSummary("The registration's code as a QR image (PNG), for its person or staff.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/qr.svg", QrSvgAsync)
            .WithName("GetRegistrationQrSvg")
            .WithSummary("The registration's code as a QR image (SVG), for its person or staff.")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public sealed record MoveRequest(Guid SessionId);

    internal static async Task<Results<Ok<Page<RegistrationView>>, ProblemHttpResult>> ListMineAsync(
        ClaimsPrincipal user, RegistrationQueries registrations, CancellationToken cancellationToken,
        Guid? personId = null, int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        var listed = await registrations.MineAsync(Caller.From(user), personId, paging.Value, cancellationToken);
        return listed.Value is { } mine
            ? TypedResults.Ok(new Page<RegistrationView>(mine.Items.Select(RegistrationView.From).ToList(), mine.Total))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, RegistrationQueries registrations, CancellationToken cancellationToken)
    {
        var found = await registrations.GetAsync(id, Caller.From(user), cancellationToken);
        return found.Value is { } registration ? TypedResults.Ok(RegistrationView.From(registration)) : found.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var cancelled = await registrations.CancelAsync(id, Caller.From(user), cancellationToken);
        return cancelled.Value is { } value ? TypedResults.Ok(RegistrationView.From(value)) : cancelled.Refusal!.ToProblem();
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> MoveAsync(
        Guid id, MoveRequest request, ClaimsPrincipal user, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var moved = await registrations.MoveAsync(id, request.SessionId, user.Subject(), cancellationToken);
        return moved.Value is { } value ? TypedResults.Ok(RegistrationView.From(value)) : moved.Refusal!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrPngAsync(
        Guid id, ClaimsPrincipal user, RegistrationQueries registrations, CancellationToken cancellationToken)
    {
        var visible = await registrations.VisibleAsync(id, Caller.From(user), cancellationToken);
        return visible.Value is { } registration
            ? TypedResults.File(QrCodes.Png(registration.Code), "image/png", $"{registration.Code}.png")
            : visible.Refusal!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrSvgAsync(
        Guid id, ClaimsPrincipal user, RegistrationQueries registrations, CancellationToken cancellationToken)
    {
        var visible = await registrations.VisibleAsync(id, Caller.From(user), cancellationToken);
        return visible.Value is { } registration
            ? TypedResults.File(Encoding.UTF8.GetBytes(QrCodes.Svg(registration.Code)), "image/svg+xml", $"{registration.Code}.svg")
            : visible.Refusal!.ToProblem();
    }
}
