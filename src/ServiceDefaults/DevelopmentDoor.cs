using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using System.Net;

namespace Municipal.ServiceDefaults;

/// <summary>
/// Whether the development shortcuts (the gateway's <c>POST /dev/token</c> and the token filled in at <c>/docs</c>; the web
/// client's development sign-in) are open: only in the Development environment, and only while every address the process
/// listens on is a loopback address, so a development install that is reachable from a network mints no tokens for it.
/// </summary>
public sealed class DevelopmentDoor(IHostEnvironment environment, IServer server)
{
    public bool IsOpen => environment.IsDevelopment() && (ListensOnLoopbackOnly(server.Features) || IsInMemoryTestServer(server));

    /// <summary>True when the server names its addresses and every one is loopback (<c>localhost</c>, 127.0.0.0/8, ::1).</summary>
    public static bool ListensOnLoopbackOnly(IFeatureCollection features) =>
        features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses && addresses.All(IsLoopback);

    /// <summary>The in-memory server of the tests has no address at all: nothing but the test itself can reach it.</summary>
    private static bool IsInMemoryTestServer(IServer server) =>
        server.GetType().FullName == "Microsoft.AspNetCore.TestHost.TestServer";

    public static bool IsLoopback(string address)
    {
        var host = BindingAddress.Parse(address).Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
