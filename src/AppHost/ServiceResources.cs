using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;

namespace Municipal.AppHost;

/// <summary>How the app host wires a Municipal service: broker, database, sign-in key, health, environment.</summary>
internal static class ServiceResources
{
    /// <summary>
    /// The message broker: RabbitMQ as a local process, or (only when <c>Containers:RabbitMq=true</c> and a
    /// container runtime is present) as a container. Returns the resource to wait for and its connection string.
    /// </summary>
    public static (IResourceBuilder<IResource> Broker, IResourceBuilder<IResourceWithConnectionString> Connection) AddMessageBroker(
        this IDistributedApplicationBuilder builder, ScratchDirectory scratch, string dataRoot)
    {
        if (builder.Configuration.GetValue("Containers:RabbitMq", false))
        {
            var container = builder.AddContainer("rabbitmq", "rabbitmq", "3-management")
                .WithEndpoint(name: "amqp", targetPort: 5672, scheme: "tcp")
                .WithHttpEndpoint(name: "management", targetPort: 15672);
            var containerAmqp = container.GetEndpoint("amqp");
            container.WithPatientHealthCheck("rabbitmq-container-amqp", ct => LocalRabbitMq.AmqpAnswers(containerAmqp, ct));
            var containerConnection = builder.AddConnectionString("messaging",
                ReferenceExpression.Create($"amqp://guest:guest@{containerAmqp.Property(EndpointProperty.Host)}:{containerAmqp.Property(EndpointProperty.Port)}"));
            return (container, containerConnection);
        }

        var rabbit = builder.AddLocalRabbitMq("rabbitmq", scratch, dataRoot);
        var amqp = rabbit.GetEndpoint("amqp");
        var connection = builder.AddConnectionString("messaging",
            ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{amqp.Property(EndpointProperty.Port)}"));
        return (rabbit, connection);
    }

    /// <summary>
    /// A service's database. SQLite under the data folder by default. When <c>ConnectionStrings:{name}</c> is
    /// configured in the app host, the service uses SQL Server with it; with <c>Containers:SqlServer=true</c>,
    /// a SQL Server container the app host runs.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceDatabase(
        this IResourceBuilder<ProjectResource> service, string name, string dataRoot, IResourceBuilder<ContainerResource>? sqlServer)
    {
        var builder = service.ApplicationBuilder;
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return service.WithReference(builder.AddConnectionString(name)).WithEnvironment("Database__Provider", "SqlServer");
        }

        if (sqlServer is not null)
        {
            var tds = sqlServer.GetEndpoint("tds");
            var password = builder.Configuration["Containers:SqlServerPassword"] ?? throw new InvalidOperationException(
                "Containers:SqlServer=true needs Containers:SqlServerPassword (the sa password of the container).");
            var connection = builder.AddConnectionString(name, ReferenceExpression.Create(
                $"Server={tds.Property(EndpointProperty.Host)},{tds.Property(EndpointProperty.Port)};Database={name};User Id=sa;Password={password};TrustServerCertificate=True"));
            return service.WithReference(connection).WithEnvironment("Database__Provider", "SqlServer").WaitFor(sqlServer);
        }

        return service
            .WithEnvironment("Database__Provider", "Sqlite")
            .WithEnvironment("Database__DataDirectory", dataRoot);
    }

    public static IResourceBuilder<ContainerResource>? AddSqlServerContainerIfAsked(this IDistributedApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Containers:SqlServer", false))
        {
            return null;
        }

        return builder.AddContainer("sqlserver", "mcr.microsoft.com/mssql/server", "2022-latest")
            .WithEnvironment("ACCEPT_EULA", "Y")
            .WithEnvironment("MSSQL_SA_PASSWORD", builder.Configuration["Containers:SqlServerPassword"] ?? "")
            .WithEndpoint(name: "tds", targetPort: 1433, scheme: "tcp");
    }

    /// <summary>
    /// The key that signs development tokens, shared by the gateway and the services: from configuration
    /// (<c>Auth:SigningKey</c>) or made fresh for this run. Production uses an OIDC authority instead.
    /// </summary>
    public static string DevelopmentSigningKey(this IDistributedApplicationBuilder builder) =>
        builder.Configuration["Auth:SigningKey"] is { Length: >= 32 } configured
            ? configured
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <param name="signingKey">Null for a process that validates no tokens itself (the web client).</param>
    /// <param name="publicBaseUrl">Where people reach the system (<c>PublicBaseUrl</c>), for services that make public links.</param>
    public static IResourceBuilder<ProjectResource> WithMunicipalDefaults(
        this IResourceBuilder<ProjectResource> project, string? signingKey, string? publicBaseUrl = null)
    {
        var builder = project.ApplicationBuilder;
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        if (publicBaseUrl is not null)
        {
            project.WithEnvironment("PublicBaseUrl", publicBaseUrl);
        }

        if (signingKey is not null)
        {
            project.WithEnvironment("Auth__SigningKey", signingKey);
        }
        if (builder.Configuration["Auth:Authority"] is { Length: > 0 } authority)
        {
            project.WithEnvironment("Auth__Authority", authority);
        }

        // Settings:<resource>:<key> in the app host's configuration reaches that resource as <key>,
        // e.g. Settings:gateway:RateLimits:AnonymousPerWindow=1000 (tests and operators tune a run this way).
        project.WithTelemetryOnlyWhereSomeoneListens();

        var prefix = $"Settings:{project.Resource.Name}:";
        foreach (var (key, value) in builder.Configuration.GetSection($"Settings:{project.Resource.Name}").AsEnumerable())
        {
            if (value is not null && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                project.WithEnvironment(key[prefix.Length..].Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return project;
    }

    /// <summary>
    /// Aspire points every project at the dashboard's OTLP endpoint even when no dashboard runs (under
    /// <c>Aspire.Hosting.Testing</c>, which the end-to-end tests and the bench use), so each process would export to a
    /// collector that is not there and retry; and in Development it turns off the redaction of URL query values in spans,
    /// which would put staff name searches (<c>?q=</c>) and Open311 keys into traces. This runs after Aspire's own
    /// environment callbacks and takes both back: no dashboard, no exporter; query values always redacted (the services
    /// force that too, see <c>Telemetry</c> in ServiceDefaults).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTelemetryOnlyWhereSomeoneListens(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment(context =>
        {
            context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION");
            context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION");
            if (DashboardDisabled(context.ExecutionContext))
            {
                foreach (var key in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                {
                    context.EnvironmentVariables.Remove(key);
                }
            }
        });

    private static bool DashboardDisabled(DistributedApplicationExecutionContext execution)
    {
        try
        {
            return execution.Services.GetService<DistributedApplicationOptions>() is { DisableDashboard: true };
        }
        catch (InvalidOperationException)
        {
            return false; // no container yet (the model is only being inspected): leave Aspire's choice
        }
    }
}
