using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Notifications.Application;
using System.Text.Json;

namespace Municipal.Notifications.Apis;

/// <summary>
/// The LINE Messaging API webhook. Anyone may call it, so every call must carry a valid
/// <c>X-Line-Signature</c> (HMAC-SHA256 of the body with the channel secret). A <c>follow</c> is
/// acknowledged; a text message holding a person's one-time code links that LINE user to them; an
/// <c>unfollow</c> unlinks.
/// </summary>
public static class LineWebhookApi
{
    public static RouteHandlerBuilder MapLineWebhookApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/notifications/line/webhook", ReceiveAsync)
            .AllowAnonymous()
            .WithTags("LINE")
            .WithName("ReceiveLineWebhook")
            .WithSummary("Receives LINE webhook events (follow, message with a link code, unfollow); verifies X-Line-Signature.")
            .Accepts<JsonElement>("application/json")
            .WithMetadata(new AcceptsControlCharactersAttribute()) // LINE's payload: whatever its users typed
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    internal static async Task<Results<Ok<WebhookResult>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, LineWebhook webhook, CancellationToken cancellationToken)
    {
        var result = await webhook.ReceiveAsync(
            request.Body, request.ContentLength, request.Headers["X-Line-Signature"].ToString(), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Refusal!.ToProblem();
    }
}
