using Microsoft.AspNetCore.Components.Authorization;

namespace Municipal.Web.Api;

/// <summary>
/// Images the API serves only to a signed-in caller (request photos, check-in QR codes): the browser asks the web
/// client with its cookie, and the web client fetches them from the gateway with the user's token. The API
/// decides who may see what; an image it refuses is a 404 here.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("/media").RequireAuthorization();

        media.MapGet("/requests/{id:guid}/photos/{n:int}", (Guid id, int n, HttpContext http, CancellationToken cancellationToken) =>
            RelayAsync(http, $"/api/requests/{id}/photos/{n}", cancellationToken));

        media.MapGet("/registrations/{id:guid}/qr.png", (Guid id, HttpContext http, CancellationToken cancellationToken) =>
            RelayAsync(http, $"/api/scheduling/registrations/{id}/qr.png", cancellationToken));
    }

    private static async Task<IResult> RelayAsync(HttpContext http, string path, CancellationToken cancellationToken)
    {
        // The API clients read the user from the authentication state, as in a circuit.
        var state = http.RequestServices.GetRequiredService<AuthenticationStateProvider>();
        if (state is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        }

        var image = await http.RequestServices.GetRequiredService<Gateway>().DownloadAsync(path, cancellationToken);
        if (image is not { } found)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "private, max-age=300";
        return Results.File(found.Content, found.ContentType);
    }
}
