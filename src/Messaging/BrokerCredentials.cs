using Microsoft.Extensions.Hosting;

namespace Municipal.Messaging;

/// <summary>
/// The broker's address and user outside Development and Testing: set, and not RabbitMQ's default <c>guest</c>
/// (which RabbitMQ accepts from any local process). The service refuses to start, saying what to set, otherwise.
/// </summary>
public static class BrokerCredentials
{
    /// <summary>What a developer's machine uses when nothing is configured.</summary>
    public const string DevelopmentDefault = "amqp://guest:guest@127.0.0.1:5672";

    /// <summary>The connection string to use: the configured one, or (Development and Testing only) the local default.</summary>
    public static string Resolve(IHostEnvironment environment, string? configured)
    {
        var development = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        if (development)
        {
            return string.IsNullOrWhiteSpace(configured) ? DevelopmentDefault : configured;
        }

        string? problem = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            problem = "ConnectionStrings:messaging is not set. Set it (environment variable ConnectionStrings__messaging) to " +
                "amqps://USER:PASSWORD@HOST:5671/VHOST with a broker user of the municipality's own.";
        }
        else if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            problem = "ConnectionStrings:messaging is not an amqp:// or amqps:// address.";
        }
        else
        {
            var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
            if (user.Length == 0 || string.Equals(user, "guest", StringComparison.OrdinalIgnoreCase))
            {
                problem = "ConnectionStrings:messaging signs in to the broker as RabbitMQ's default user 'guest' (or names no user). " +
                    "Create a user of your own on the broker, delete 'guest', and put that user and its password in the connection string.";
            }
        }

        return problem is null ? configured! : throw new InvalidOperationException(
            $"{environment.ApplicationName} refuses to start in the '{environment.EnvironmentName}' environment: {problem} " +
            "(Development settings are taken only when ASPNETCORE_ENVIRONMENT is Development.)");
    }
}
