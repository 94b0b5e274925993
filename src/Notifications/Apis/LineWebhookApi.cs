using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Municipal.Notifications.Application;
using Municipal.Notifications.Sending;
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
    public const int MaxBodyBytes = 1 << 20;

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

    public sealed record WebhookResult(int Events, int Linked, int Unlinked);

    internal static async Task<Results<Ok<WebhookResult>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, LineWebhook webhook, IOptions<LineOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.CanReceive)
        {
            return ApiSupport.Problem(StatusCodes.Status404NotFound, "LINE is not configured.",
                "Notifications:Line:ChannelSecret is not set, so this service takes no LINE webhook calls.");
        }

        using var buffer = new MemoryStream();
        if (request.ContentLength is not > MaxBodyBytes)
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }

        if (request.ContentLength > MaxBodyBytes || buffer.Length > MaxBodyBytes)
        {
            return ApiSupport.Problem(StatusCodes.Status413PayloadTooLarge, "The webhook body is too large.");
        }

        var body = buffer.ToArray();
        if (!LineMessagingClient.SignatureIsValid(body, request.Headers["X-Line-Signature"], options.Value.ChannelSecret!))
        {
            return ApiSupport.Problem(StatusCodes.Status401Unauthorized, "The LINE signature is missing or wrong.",
                "X-Line-Signature must be the base64 HMAC-SHA256 of the body, keyed with the channel secret.");
        }

        LineWebhook.Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<LineWebhook.Payload>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] }, title: "The webhook body is not LINE's JSON.");
        }

        var (linked, unlinked) = await webhook.HandleAsync(payload?.Events ?? [], cancellationToken);
        return TypedResults.Ok(new WebhookResult(payload?.Events?.Count ?? 0, linked, unlinked));
    }
}
