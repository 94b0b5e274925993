using Microsoft.AspNetCore.Hosting;
using Municipal.Testing;

namespace Municipal.Requests.Tests;

/// <summary>
/// Outside Development a service refuses to start, saying what to set, with the development signing key, without an
/// authority, or with the broker's default guest user (the app host copies its environment to every service).
/// </summary>
public sealed class ProductionGuardTests
{
    private const string Authority = "https://127.0.0.1:9/realms/municipal";

    private sealed class ProductionRequests(Dictionary<string, string?> settings) : RequestsFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Messaging:Transport", "RabbitMq");
            builder.UseSetting("Auth:SigningKey", null);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    public static TheoryData<string?, string?, string?, string> Mistakes => new()
    {
        // Auth:SigningKey, Auth:Authority, ConnectionStrings:messaging, what the refusal names
        { TestTokens.SigningKey, Authority, "amqp://municipal:s3cret@127.0.0.1:5672", "Auth:SigningKey" },
        { null, null, "amqp://municipal:s3cret@127.0.0.1:5672", "Auth:Authority" },
        { null, Authority, "amqp://guest:guest@127.0.0.1:5672", "guest" },
        { null, Authority, "amqp://127.0.0.1:5672", "guest" },
        { null, Authority, null, "ConnectionStrings:messaging" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_service_in_production_refuses_to_start_and_says_what_to_set(string? signingKey, string? authority, string? broker, string named)
    {
        using var service = new ProductionRequests(new()
        {
            ["Auth:SigningKey"] = signingKey,
            ["Auth:Authority"] = authority,
            ["ConnectionStrings:messaging"] = broker,
        });

        var refusal = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        while (refusal.InnerException is { } inner && refusal is not InvalidOperationException)
        {
            refusal = inner;
        }

        Assert.Contains("refuses to start in the 'Production' environment", refusal.Message);
        Assert.Contains(named, refusal.Message);
    }
}
