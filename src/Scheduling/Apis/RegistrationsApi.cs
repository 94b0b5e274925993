using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

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
        ClaimsPrincipal user, SchedulingDbContext db, RegistrationService registrations, CancellationToken cancellationToken,
        Guid? personId = null, int page = 1, int pageSize = 20)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        var caller = await People.CallerAsync(db, user, cancellationToken);
        if (personId is { } someone && someone != caller.PersonId && !caller.IsStaff)
        {
            return Failure.Forbidden("Only staff look at other people's registrations.").ToProblem();
        }

        if ((personId ?? caller.PersonId) is not { } whose)
        {
            return Failure.UnknownPerson.ToProblem();
        }

        var query = db.Registrations.AsNoTracking().Where(r => r.PersonId == whose)
            .Join(db.Sessions.AsNoTracking(), r => r.SessionId, s => s.Id, (r, s) => new { r, s.StartsAt });
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(x => x.StartsAt).ThenBy(x => x.r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = new List<RegistrationView>();
        foreach (var row in rows)
        {
            items.Add(RegistrationView.From(row.r, await registrations.PositionAsync(row.r, cancellationToken)));
        }

        return TypedResults.Ok(new Page<RegistrationView>(items, total));
    }

    /// <summary>The registration if the caller may see it: its person, or staff. Anyone else is told it does not exist.</summary>
    private static async Task<Registration?> VisibleAsync(Guid id, ClaimsPrincipal user, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        var caller = await People.CallerAsync(db, user, cancellationToken);
        return caller.MayActFor(registration.PersonId) ? registration : null;
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var registration = await VisibleAsync(id, user, db, cancellationToken);
        return registration is null
            ? Failure.NotFound("No such registration.").ToProblem()
            : TypedResults.Ok(RegistrationView.From(registration, await registrations.PositionAsync(registration, cancellationToken)));
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var caller = await People.CallerAsync(db, user, cancellationToken);
        var cancelled = await registrations.CancelAsync(id, caller, cancellationToken);
        return cancelled.Value is { } value ? TypedResults.Ok(RegistrationView.From(value)) : cancelled.Failure!.ToProblem();
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> MoveAsync(
        Guid id, MoveRequest request, ClaimsPrincipal user, RegistrationService registrations, CancellationToken cancellationToken)
    {
        if (request.SessionId == Guid.Empty)
        {
            return Failure.Invalid("sessionId", "The session to move to is required.").ToProblem();
        }

        var moved = await registrations.MoveAsync(id, request.SessionId, user.Subject(), cancellationToken);
        return moved.Value is { } value ? TypedResults.Ok(RegistrationView.From(value)) : moved.Failure!.ToProblem();
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrPngAsync(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var registration = await VisibleAsync(id, user, db, cancellationToken);
        return registration is null
            ? Failure.NotFound("No such registration.").ToProblem()
            : TypedResults.File(QrCodes.Png(registration.Code), "image/png", $"{registration.Code}.png");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrSvgAsync(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var registration = await VisibleAsync(id, user, db, cancellationToken);
        return registration is null
            ? Failure.NotFound("No such registration.").ToProblem()
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(QrCodes.Svg(registration.Code)), "image/svg+xml", $"{registration.Code}.svg");
    }
}
