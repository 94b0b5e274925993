using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Municipal.ServiceDefaults;
using Municipal.Web.Auth;
using Municipal.Web.Localization;

namespace Municipal.Web.Tests;

/// <summary>
/// The web client's development sign-in asks the gateway for tokens over loopback; it does so only while the web client
/// itself listens on loopback alone, so a development install reachable from a network hands nobody an admin token.
/// </summary>
public sealed class DevSignInDoorTests
{
    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private sealed class Server(params string[] addresses) : IServer
    {
        public IFeatureCollection Features { get; } = Collect(addresses);

        private static FeatureCollection Collect(string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            var features = new FeatureCollection();
            features.Set<IServerAddressesFeature>(feature);
            return features;
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private sealed class CountingClients : IHttpClientFactory
    {
        public int Created { get; private set; }

        public HttpClient CreateClient(string name)
        {
            Created++;
            return new HttpClient(new RefusingHandler()) { BaseAddress = new Uri("http://gateway.invalid") };
        }

        private sealed class RefusingHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new HttpRequestException("no gateway here");
        }
    }

    [Fact]
    public async Task A_web_client_listening_on_a_network_address_asks_the_gateway_for_no_token_and_says_why_in_Thai()
    {
        var clients = new CountingClients();
        var dev = new DevSignIn(clients, new DevelopmentDoor(new Environment(), new Server("http://0.0.0.0:5000")));

        var token = await dev.TokenAsync(new DevSignIn.TokenRequest("someone", null, ["admin"], null, null), CancellationToken.None);

        Assert.False(token.Ok);
        Assert.Equal("development-door-closed", token.Problem!.Kind);
        Assert.Equal(0, clients.Created);
        Assert.StartsWith("ลงชื่อเข้าใช้แบบทดสอบได้เฉพาะ", ClientRulesTests.InThai(() => ProblemText.Headline(token.Problem)));
    }

    [Fact]
    public async Task On_loopback_alone_it_asks_the_gateway()
    {
        var clients = new CountingClients();
        var dev = new DevSignIn(clients, new DevelopmentDoor(new Environment(), new Server("http://localhost:5000", "http://127.0.0.1:5001")));

        var token = await dev.TokenAsync(new DevSignIn.TokenRequest("someone", null, ["admin"], null, null), CancellationToken.None);

        Assert.Equal(1, clients.Created);
        Assert.False(token.Ok); // no gateway in this test: unreachable, not refused
        Assert.NotEqual("development-door-closed", token.Problem!.Kind);
    }
}
