using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Municipal.Requests.Open311;
using System.Net;

namespace Municipal.Requests.Tests;

public sealed class Open311DevelopmentKeyTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private sealed class Lines : ILogger<Open311DevelopmentKey>
    {
        public List<string> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Written.Add(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                Written.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_development_key_goes_to_a_file_only_its_owner_reads_and_never_into_the_log()
    {
        var community = await factory.KnownCommunityAsync();
        var log = new Lines();
        var issuer = ActivatorUtilities.CreateInstance<Open311DevelopmentKey>(factory.Services, log);

        await issuer.StartAsync(CancellationToken.None);

        var key = (await File.ReadAllTextAsync(issuer.KeyPath)).Trim();
        Assert.StartsWith(factory.DataDirectory, issuer.KeyPath, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(issuer.KeyPath));
        Assert.NotEmpty(log.Written);
        Assert.All(log.Written, line => Assert.DoesNotContain(key, line, StringComparison.Ordinal));

        using var client = factory.CreateClient();
        using var posted = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["service_code"] = "road", ["lat"] = "16.4810", ["long"] = "99.5500", ["description"] = "หลุมบนถนน",
            ["attribute[community]"] = community.ToString(),
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }
}
