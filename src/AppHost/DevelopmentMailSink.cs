using Microsoft.Extensions.Configuration;

namespace Municipal.AppHost;

/// <summary>
/// What the Notifications service sends through: in development, smtp4dev (a local tool from
/// <c>.config/dotnet-tools.json</c>, no container) catches every mail and shows it in a web view; SMS go to
/// the development adapter's file. Settings under <c>Notifications</c> in the app host's configuration
/// (a real SMTP host, LINE or SMS credentials) are handed to the service as they are, and a real SMTP host
/// replaces the sink.
/// </summary>
internal static class DevelopmentMailSink
{
    public const string ResourceName = "smtp4dev";

    public static IResourceBuilder<ProjectResource> WithNotificationChannels(
        this IResourceBuilder<ProjectResource> notifications, string dataRoot, ScratchDirectory scratch)
    {
        var builder = notifications.ApplicationBuilder;
        var configured = builder.Configuration.GetSection("Notifications");
        foreach (var (key, value) in configured.AsEnumerable().Where(kv => kv.Value is not null))
        {
            notifications.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        if (string.IsNullOrWhiteSpace(configured["Sms:Provider"]))
        {
            notifications
                .WithEnvironment("Notifications__Sms__Provider", "development")
                .WithEnvironment("Notifications__Sms__DevelopmentDirectory", Path.Combine(dataRoot, "dev-sms"));
        }

        if (!string.IsNullOrWhiteSpace(configured["Email:Host"]))
        {
            return notifications;
        }

        var sink = builder.AddDevelopmentMailSink(scratch);
        return notifications
            .WithEnvironment("Notifications__Email__Host", "127.0.0.1")
            .WithEnvironment("Notifications__Email__Port", sink.GetEndpoint("smtp").Property(EndpointProperty.Port))
            .WithEnvironment("Notifications__Email__Security", "None")
            .WithEnvironment("Notifications__Email__From", configured["Email:From"] ?? "noreply@kamphaengphet.municipal.localhost")
            .WithReferenceRelationship(sink);
    }

    /// <summary>
    /// smtp4dev through <c>dotnet tool run</c> from the repository (restored by the app host's build), with
    /// its SMTP and web ports chosen by the orchestrator, bound to 127.0.0.1, mails kept in memory.
    /// Healthy once its web view answers.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddDevelopmentMailSink(this IDistributedApplicationBuilder builder, ScratchDirectory scratch)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var sink = builder.AddExecutable(ResourceName, "dotnet", repositoryRoot, "tool", "run", "smtp4dev", "--")
            .WithEndpoint(name: "smtp", scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: "http", isProxied: false)
            .WithPatientHttpHealthCheck("/api/messages");
        var smtp = sink.GetEndpoint("smtp");
        var http = sink.GetEndpoint("http");
        return sink.WithArgs(
            ReferenceExpression.Create($"--smtpport={smtp.Property(EndpointProperty.Port)}"),
            ReferenceExpression.Create($"--urls=http://127.0.0.1:{http.Property(EndpointProperty.Port)}"),
            "--bindaddress=127.0.0.1",
            "--hostname=localhost",
            "--imapport=",
            "--pop3port=",
            "--db=",
            "--nousersettings",
            $"--baseappdatapath={scratch.Combine("smtp4dev")}");
    }
}
