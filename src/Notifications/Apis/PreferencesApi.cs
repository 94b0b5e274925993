using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Notifications.Apis;

/// <summary>
/// A person's own notification preferences (by the token's subject; nobody reads or changes another's).
/// A choice made here wins over the registry's copy until it is cleared with <c>null</c>.
/// </summary>
public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/preferences")
            .WithTags("Preferences")
            .RequireAuthorization(Policies.SignedIn);

        api.MapGet("", GetAsync)
            .WithName("GetPreferences")
            .WithSummary("The caller's own preferences: channel, language, quiet hours, and which channels can reach them.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPut("", PutAsync)
            .WithName("PutPreferences")
            .WithSummary("Sets the caller's own preferences; null clears a choice (the registry's or the default applies).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/line-link", IssueLineLinkCodeAsync)
            .WithName("IssueLineLinkCode")
            .WithSummary("A one-time code to send to the municipality's LINE official account, which links that LINE account to the caller.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    internal static async Task<Ok<PreferencesView>> GetAsync(
        ClaimsPrincipal user, PreferencesService preferences, CancellationToken cancellationToken) =>
        TypedResults.Ok(await preferences.GetAsync(user.Subject()!, cancellationToken));

    internal static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> PutAsync(
        PreferencesInput input, ClaimsPrincipal user, PreferencesService preferences, CancellationToken cancellationToken)
    {
        var result = await preferences.ChooseAsync(user.Subject()!, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }

    internal static async Task<Results<Created<LineLinkCodeView>, ProblemHttpResult>> IssueLineLinkCodeAsync(
        ClaimsPrincipal user, PreferencesService preferences, CancellationToken cancellationToken)
    {
        var result = await preferences.IssueLineLinkCodeAsync(user.Subject()!, cancellationToken);
        return result.Succeeded ? TypedResults.Created("/api/notifications/preferences", result.Value) : result.Refusal!.ToProblem();
    }
}
