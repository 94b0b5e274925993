using Microsoft.Extensions.Hosting;

namespace Municipal.ServiceDefaults;

/// <summary>A process that refuses to start because its configuration would open a production system to anyone.</summary>
public sealed class UnsafeConfigurationException(string message) : InvalidOperationException(message);

/// <summary>
/// What keeps a production install from running with development settings by mistake. Only the Development
/// environment (a developer's machine) and Testing (the test hosts) may sign tokens with a shared key; every other
/// environment (Production, Staging, anything) must trust an OIDC authority, and the process refuses to start,
/// saying what to set, when it does not.
/// </summary>
public static class ProductionSafety
{
    public const string TestingEnvironment = "Testing";

    /// <summary>Development and Testing: the environments where development shortcuts are allowed.</summary>
    public static bool AllowsDevelopmentShortcuts(this IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);

    /// <summary>Refuses development sign-in outside Development and Testing: a shared signing key, or no authority.</summary>
    public static void CheckSignIn(IHostEnvironment environment, string? authority, string? signingKey)
    {
        if (environment.AllowsDevelopmentShortcuts())
        {
            return;
        }

        var problems = new List<string>();
        if (!string.IsNullOrEmpty(signingKey))
        {
            problems.Add("Auth:SigningKey is set. It is the development signing key: whoever holds it can mint a token for any role. " +
                "Remove it (the app host passes it as Auth__SigningKey in Development only).");
        }

        if (string.IsNullOrWhiteSpace(authority))
        {
            problems.Add("Auth:Authority is not set. Set it (environment variable Auth__Authority) to the https address of the OIDC " +
                "provider whose tokens the municipality trusts.");
        }

        if (problems.Count > 0)
        {
            throw Refuse(environment, problems);
        }
    }

    public static UnsafeConfigurationException Refuse(IHostEnvironment environment, IEnumerable<string> problems) => new(
        $"{environment.ApplicationName} refuses to start in the '{environment.EnvironmentName}' environment: " +
        string.Join(" ", problems) +
        " (Development settings are taken only when ASPNETCORE_ENVIRONMENT is Development.)");
}
