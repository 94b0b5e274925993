using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Municipal.ServiceDefaults;
using Municipal.Web.Api;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Municipal.Web.Auth;

/// <summary>
/// Development sign-in: the gateway's <c>POST /dev/token</c> mints a token for the chosen subject, role,
/// community or division; the web client keeps it in its encrypted cookie. The route exists only in the
/// gateway's Development environment, so this cannot sign anybody in elsewhere; and the web client asks for it only
/// while it listens on loopback addresses alone (<see cref="DevelopmentDoor"/>), so a development web client reachable
/// from a network does not hand its visitors the tokens the gateway gives it over loopback.
/// </summary>
public sealed class DevSignIn(IHttpClientFactory clients, DevelopmentDoor door)
{
    private const string HelperSubject = "web-dev-sign-in";

    public sealed record TokenRequest(string Sub, string? Name, IReadOnlyList<string> Roles, string? Community, string? Division);

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);

    /// <summary>The refusal when the door is closed (the web client listens on a network address).</summary>
    public static Problem DoorClosed => Problem.Parse(StatusCodes.Status403Forbidden,
        """{"type":"urn:municipal:problem:development-door-closed","status":403,"title":"Development sign-in is for this machine only."}""");

    public async Task<ApiResult<string>> TokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (!door.IsOpen)
        {
            return ApiResult<string>.Failure(DoorClosed);
        }

        try
        {
            using var response = await clients.CreateClient(Gateway.ClientName).PostAsJsonAsync("/dev/token", request, Gateway.Json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<string>.Failure(Problem.Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
            }

            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Gateway.Json, cancellationToken);
            return ApiResult<string>.Success(token!.AccessToken, null, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return ApiResult<string>.Failure(Problem.NotReachable(ex.Message));
        }
    }

    /// <summary>
    /// The people of the registry who have a sign-in subject, to pick from. Listing people is for officials, so
    /// the page asks with a development token of its own (Development only, like the route itself).
    /// </summary>
    public async Task<IReadOnlyList<PersonSummaryDto>> PeopleWithSubjectsAsync(CancellationToken cancellationToken)
    {
        var token = await TokenAsync(new TokenRequest(HelperSubject, "Development sign-in", ["staff"], null, null), cancellationToken);
        if (!token.Ok)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/communities/people?pageSize=100");
        request.Headers.Authorization = new("Bearer", token.Value);
        try
        {
            using var response = await clients.CreateClient(Gateway.ClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            var page = await response.Content.ReadFromJsonAsync<Page<PersonSummaryDto>>(Gateway.Json, cancellationToken);
            return page?.Items.Where(p => !string.IsNullOrEmpty(p.Subject)).ToList() ?? [];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    public static async Task SignInAsync(HttpContext http, string accessToken)
    {
        var principal = SignIn.PrincipalOf(accessToken, CookieAuthenticationDefaults.AuthenticationScheme);
        var expires = principal.FindFirst(WebClaims.Expires) is { } exp && long.TryParse(exp.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false });
    }
}
