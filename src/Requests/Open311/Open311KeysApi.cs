using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Apis;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
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
        IssueKeyRequest body, ClaimsPrincipal user, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > Open311ApiKey.NameMaxLength)
        {
            return ApiSupport.Invalid("name", $"Name the client the key is for (1 to {Open311ApiKey.NameMaxLength} characters).");
        }

        var (key, secret) = Open311ApiKey.Issue(body.Name, user.Subject(), time.GetUtcNow());
        db.Open311Keys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/requests/open311/keys/{key.Id}", new IssuedKeyView(key.Id, key.Name, secret, key.CreatedAt));
    }

    internal static async Task<Ok<Page<KeyView>>> ListAsync(RequestsDbContext db, CancellationToken cancellationToken)
    {
        var items = (await db.Open311Keys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken))
            .Select(k => new KeyView(k.Id, k.Name, k.CreatedAt, k.RevokedAt)).ToList();
        return TypedResults.Ok(new Page<KeyView>(items, items.Count));
    }
}
