using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

/// <summary>A session's registrations: who registered, and registering for it.</summary>
public static class SessionRegistrationsApi
{
    public static RouteGroupBuilder MapSessionRegistrationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions/{id:guid}/registrations").WithTags("Registrations").RequireAuthorization(Policies.SignedIn);

        api.MapGet("", ListAsync)
            .WithName("ListSessionRegistrations")
            .WithSummary("Registrations of a session: officials see all (?format=csv exports them), anyone else only their own.")
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status200OK, contentType: Csv.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("", RegisterAsync)
            .WithName("RegisterForSession")
            .WithSummary("Register yourself (staff may name personId): confirmed while seats remain, else waitlisted. Registering again returns the same registration (200).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }

    public sealed record RegisterRequest(Guid? PersonId = null);

    internal static async Task<Results<Ok<Page<RegistrationView>>, FileContentHttpResult, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, RegistrationQueries registrations, CancellationToken cancellationToken,
        int? page = null, int? pageSize = null)
    {
        var paging = Paging.From(page, pageSize);
        if (paging.Refusal is { } bad)
        {
            return bad.ToProblem();
        }

        if (http.WantsCsv())
        {
            var exported = await registrations.ExportForSessionAsync(id, Caller.From(user), cancellationToken);
            return exported.Value is { } csv ? TypedResults.File(csv.Content, Csv.ContentType, csv.FileName) : exported.Refusal!.ToProblem();
        }

        var listed = await registrations.ForSessionAsync(id, Caller.From(user), paging.Value, cancellationToken);
        return listed.Value is { } lines
            ? TypedResults.Ok(new Page<RegistrationView>(lines.Items.Select(RegistrationView.From).ToList(), lines.Total))
            : listed.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<RegistrationView>, Ok<RegistrationView>, ProblemHttpResult>> RegisterAsync(
        Guid id, RegisterRequest? request, ClaimsPrincipal user, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var registered = await registrations.RegisterAsync(id, request?.PersonId, Caller.From(user), cancellationToken);
        if (registered.Value is not { } value)
        {
            return registered.Refusal!.ToProblem();
        }

        var view = RegistrationView.From(value);
        return value.Created ? TypedResults.Created($"/api/scheduling/registrations/{view.Id}", view) : TypedResults.Ok(view);
    }
}
