using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Gateway.Tests;

/// <summary>The gateway alone: its own routes and its refusal of bad tokens. Backends are not running here.</summary>
public sealed class GatewayTests
{
    private static WebApplicationFactory<Program> Gateway(string environment) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        });

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
    public async Task The_gateway_answers_its_own_health()
    {
        await using var gateway = Gateway("Production");
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
