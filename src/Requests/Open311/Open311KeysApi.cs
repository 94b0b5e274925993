using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Open311;

public sealed record IssueKeyRequest(string? Name);

/// <summary>A newly issued key: the only time the secret is shown.</summary>
public sealed record IssuedKeyView(Guid Id, string Name, string Key, DateTimeOffset CreatedAt);

public sealed record KeyView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public static class Open311KeysApi
{
    public static RouteGroupBuilder MapOpen311KeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/open311/keys").WithTags("Open311 GeoReport v2").RequireAuthorization(Policies.Admin);

        api.MapPost("", IssueAsync)
            .WithName("IssueOpen311Key")
            .WithSummary("Issue an Open311 api_key for a client. The key is shown once; only its hash is kept.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("", ListAsync)
            .WithName("ListOpen311Keys")
            .WithSummary("The Open311 keys issued (names and dates, never the keys).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }

    internal static async Task<Results<Created<IssuedKeyView>, ProblemHttpResult>> IssueAsync(
        IssueKeyRequest body, ClaimsPrincipal user, Open311Keys keys, CancellationToken cancellationToken)
    {
        var issued = await keys.IssueAsync(body.Name, Caller.From(user), cancellationToken);
        if (!issued.Succeeded)
        {
            return issued.Refusal!.ToProblem();
        }

        var (key, secret) = issued.Value;
        return TypedResults.Created($"/api/requests/open311/keys/{key.Id}", new IssuedKeyView(key.Id, key.Name, secret, key.CreatedAt));
    }

    internal static async Task<Ok<Page<KeyView>>> ListAsync(Open311Keys keys, CancellationToken cancellationToken)
    {
        var items = (await keys.ListAsync(cancellationToken)).Select(k => new KeyView(k.Id, k.Name, k.CreatedAt, k.RevokedAt)).ToList();
        return TypedResults.Ok(new Page<KeyView>(items, items.Count));
    }
}
