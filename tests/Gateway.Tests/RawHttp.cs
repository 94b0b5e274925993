using System.Net.Sockets;
using System.Text;

namespace Municipal.Gateway.Tests;

/// <summary>Sends a request target exactly as written (HttpClient would canonicalise it first).</summary>
public static class RawHttp
{
    public static async Task<(int Status, string Response)> GetAsync(Uri server, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        // UTF-8, so a target with Thai in it goes out as the raw bytes a script would send (ASCII targets are the same either way).
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
