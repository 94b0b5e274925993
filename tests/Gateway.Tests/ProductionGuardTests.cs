using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Municipal.ServiceDefaults;
using System.Net;
using System.Net.Http.Json;

namespace Municipal.Gateway.Tests;

/// <summary>
/// A production install cannot be opened by mistake: outside Development the gateway refuses to start with the
/// development signing key or without an authority, and the development shortcuts need Development and loopback.
/// </summary>
public sealed class ProductionGuardTests
{
    public static TheoryData<string, string?, string?, string> Mistakes => new()
    {
        // environment, Auth:SigningKey, Auth:Authority, what the refusal must name
        { "Production", Municipal.Testing.TestTokens.SigningKey, GatewayFactory.ProductionAuthority, "Auth:SigningKey" },
        { "Production", null, "", "Auth:Authority" },
        { "Production", Municipal.Testing.TestTokens.SigningKey, "", "Auth:Authority" },
        { "Staging", Municipal.Testing.TestTokens.SigningKey, GatewayFactory.ProductionAuthority, "Auth:SigningKey" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Outside_development_the_gateway_refuses_to_start_and_says_what_to_set(string environment, string? signingKey, string? authority, string named)
    {
        var settings = new Dictionary<string, string?> { ["Auth:Authority"] = authority };
        if (signingKey is not null)
        {
            settings["Auth:SigningKey"] = signingKey;
        }

        using var gateway = new GatewayFactory(environment, settings: settings);

        var refusal = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        var unsafeConfiguration = Assert.IsType<UnsafeConfigurationException>(Unwrap(refusal));
        Assert.Contains(named, unsafeConfiguration.Message);
        Assert.Contains(environment, unsafeConfiguration.Message);
    }

    [Fact]
    public async Task With_an_authority_and_no_signing_key_the_production_gateway_starts()
    {
        await using var gateway = new GatewayFactory("Production");
        using var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task In_development_on_a_loopback_address_the_dev_token_route_and_the_docs_token_are_there()
    {
        await using var gateway = new GatewayFactory("Development", kestrel: true);
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/dev/token", new { sub = "x", roles = new[] { "admin" } })).StatusCode);
        Assert.Contains("\"token\":\"ey", await client.GetStringAsync("/docs/"));
    }

    [Fact]
    public async Task In_development_listening_on_every_interface_the_dev_token_route_and_the_docs_token_are_gone()
    {
        await using var gateway = new GatewayFactory("Development", anyAddress: true);
        using var started = gateway.CreateClient(); // starts it; its address is [::]:port, which no client can dial
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{started.BaseAddress!.Port}") };

        using var token = await client.PostAsJsonAsync("/dev/token", new { sub = "x", roles = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.DoesNotContain("\"token\"", await client.GetStringAsync("/docs/"));
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.0.2.10:8080", false)]
    public void Only_loopback_addresses_count_as_loopback(string address, bool loopback)
    {
        Assert.Equal(loopback, DevelopmentDoor.IsLoopback(address));
        var features = new FeatureCollection();
        var addresses = new ServerAddressesFeature();
        addresses.Addresses.Add("http://localhost:5000");
        addresses.Addresses.Add(address);
        features.Set<IServerAddressesFeature>(addresses);
        Assert.Equal(loopback, DevelopmentDoor.ListensOnLoopbackOnly(features));
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is not UnsafeConfigurationException && e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
