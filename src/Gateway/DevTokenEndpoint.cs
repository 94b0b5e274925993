using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.ServiceDefaults;

namespace Municipal.Gateway;

/// <summary>
/// <c>POST /dev/token</c>: a signed token for whoever the developer says they are. Mapped only in the
/// Development environment; anywhere else the route does not exist. Even in Development it answers 404 while the
/// gateway listens on an address other than loopback (<see cref="DevelopmentDoor"/>).
/// </summary>
internal static class DevTokenEndpoint
{
    public sealed record TokenResponse(string access_token, int expires_in, string token_type = "Bearer");

    public static void MapDevTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/token", Issue)
            .AllowAnonymous()
            .WithName("IssueDevToken")
            .WithSummary("Development only: a token for the given subject, roles and community.")
            .WithTags("Development");
    }

    internal static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> Issue(DevTokenRequest request, DevTokenIssuer issuer, DevelopmentDoor door)
    {
        if (!door.IsOpen)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such route.",
                detail: "Development tokens are minted only while the gateway listens on loopback addresses alone.");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Sub))
        {
            errors["sub"] = ["A subject is required."];
        }

        var unknown = request.Roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            errors["roles"] = [$"Unknown role(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Roles.All)}."];
        }

        if (request.Community is not null && !Guid.TryParse(request.Community, out _))
        {
            errors["community"] = ["The community must be a community id (a GUID)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lifetime = DevTokenIssuer.DefaultLifetime;
        return TypedResults.Ok(new TokenResponse(issuer.Issue(request, lifetime), (int)lifetime.TotalSeconds));
    }
}
