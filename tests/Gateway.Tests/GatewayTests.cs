using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Gateway.Tests;

/// <summary>The gateway alone: its own routes and its refusal of bad tokens. Backends are not running here.</summary>
public sealed class GatewayTests
{
    private static GatewayFactory Gateway(string environment) => new(environment);

    [Fact]
    public async Task The_dev_token_route_does_not_exist_in_production()
    {
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new { sub = "x", roles = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task In_development_the_dev_token_route_mints_a_token_the_services_accept()
    {
        await using var gateway = Gateway("Development");
        using var client = gateway.CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new
        {
            sub = "leader-7", name = "สมศรี", roles = new[] { "community-leader" }, community = Guid.NewGuid().ToString(),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("leader-7", token.Subject);
        Assert.Equal("community-leader", token.GetClaim("roles").Value);
        Assert.Equal("municipal", token.Audiences.Single());
    }

    [Fact]
    public async Task The_dev_token_route_refuses_an_unknown_role_with_400()
    {
        await using var gateway = Gateway("Development");
        using var client = gateway.CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new { sub = "x", roles = new[] { "king" } });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_request_with_an_invalid_token_is_refused_at_the_gateway_with_401()
    {
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForeignlySigned("intruder", "admin"));
        using var response = await client.GetAsync("/api/notifications/inbox");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_api_reference_page_is_served_at_docs()
    {
        await using var gateway = Gateway("Development");
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var service in new[] { "communities", "scheduling", "requests", "notifications" })
        {
            Assert.Contains($"\"url\":\"api/{service}/openapi/v1.json\"", html);
        }

        Assert.Contains("\"token\":\"ey", html); // a dev token to try calls with
        // Nothing fetched from or reported to hosts outside the municipality's: no CDN fonts, no telemetry.
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);
    }

    [Fact]
    public async Task Outside_development_the_api_reference_comes_without_a_token()
    {
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();
        var html = await client.GetStringAsync("/docs/");
        Assert.Contains("api/requests/openapi/v1.json", html);
        Assert.DoesNotContain("\"token\"", html);
    }

    [Fact]
    public async Task The_gateway_answers_its_own_health()
    {
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
