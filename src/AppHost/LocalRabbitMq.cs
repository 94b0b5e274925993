using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Globalization;
using System.Net.Sockets;

namespace Municipal.AppHost;

/// <summary>
/// RabbitMQ from Debian's <c>rabbitmq-server</c> package, run as a local process (no container runtime
/// needed): its own node name, ports chosen by the orchestrator, everything bound to 127.0.0.1, and its
/// own <c>epmd</c> in the foreground so that nothing outlives the app host.
/// </summary>
internal static class LocalRabbitMq
{
    public const string DefaultServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string DefaultEpmdPath = "/usr/bin/epmd";
    public const string InstallCommand = "sudo apt-get install -y rabbitmq-server";

    /// <summary>Thrown before anything starts when the broker cannot be run here.</summary>
    public sealed class NotInstalledException(string message) : DistributedApplicationException(message);

    public static IResourceBuilder<ExecutableResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, ScratchDirectory scratch, string dataRoot)
    {
        var serverPath = builder.Configuration["RabbitMq:ServerPath"] ?? DefaultServerPath;
        var epmdPath = builder.Configuration["RabbitMq:EpmdPath"] ?? DefaultEpmdPath;
        if (!File.Exists(serverPath) || !File.Exists(epmdPath))
        {
            throw new NotInstalledException(
                $"RabbitMQ is not installed (no {(File.Exists(serverPath) ? epmdPath : serverPath)}). Install it with:{Environment.NewLine}" +
                $"    {InstallCommand}{Environment.NewLine}and run again.");
        }

        // The development run keeps the broker's data between runs (messages still queued survive a
        // restart), under a fixed node name. Tests and other runs get a node and data of their own.
        var persistent = builder.Configuration.GetValue("RabbitMq:Persistent", false);
        var nodeName = persistent ? "municipal@localhost" : $"municipal-{scratch.RunId}@localhost";
        var mnesia = persistent ? Path.Combine(dataRoot, "rabbitmq") : scratch.Combine("mnesia");
        Directory.CreateDirectory(mnesia);

        var configFile = scratch.WriteFile("rabbitmq.conf", "loopback_users.guest = true\n");
        var pluginsFile = scratch.WriteFile("enabled_plugins", "[].\n");
        var confEnvFile = scratch.WriteFile("rabbitmq-env.conf", "");
        Directory.CreateDirectory(scratch.Combine("log"));

        // epmd in the foreground (no -daemon): the orchestrator owns it and stops it with everything else.
        var epmd = builder.AddExecutable($"{name}-epmd", epmdPath, scratch.Path, "-address", "127.0.0.1")
            .WithEndpoint(name: "epmd", scheme: "tcp", env: "ERL_EPMD_PORT", isProxied: false)
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1");
        var epmdEndpoint = epmd.GetEndpoint("epmd");
        epmd.WithPatientHealthCheck($"{name}-epmd", ct => EpmdAnswers(epmdEndpoint, ct));

        var rabbit = builder.AddExecutable(name, serverPath, scratch.Path)
            .WithEndpoint(name: "amqp", scheme: "tcp", env: "RABBITMQ_NODE_PORT", isProxied: false)
            .WithEndpoint(name: "dist", scheme: "tcp", env: "RABBITMQ_DIST_PORT", isProxied: false)
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", mnesia)
            .WithEnvironment("RABBITMQ_LOG_BASE", scratch.Combine("log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ADVANCED_CONFIG_FILE", scratch.Combine("advanced.config"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", confEnvFile)
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("ERL_EPMD_PORT", epmdEndpoint.Property(EndpointProperty.Port))
            // -start_epmd false: the node uses our epmd and never starts a daemon of its own.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WaitFor(epmd);

        var amqp = rabbit.GetEndpoint("amqp");
        return rabbit.WithPatientHealthCheck($"{name}-amqp", ct => AmqpAnswers(amqp, ct));
    }

    /// <summary>Ready means the broker completes the start of an AMQP 0-9-1 handshake, not merely that a port is open.</summary>
    internal static async Task<HealthCheckResult> AmqpAnswers(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port yet.");
        }

        return await Probe(endpoint.Port, "AMQP\0\0\x09\x01"u8.ToArray(), reply => reply[0] == 1, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The broker does not answer the AMQP protocol header yet.");
    }

    /// <summary>epmd answers NAMES_REQ with its own port (a bare connect would make it log a partial packet).</summary>
    private static async Task<HealthCheckResult> EpmdAnswers(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port yet.");
        }

        var port = endpoint.Port;
        return await Probe(port, [0, 1, (byte)'n'],
                reply => reply.Length >= 4 && (reply[0] << 24 | reply[1] << 16 | reply[2] << 8 | reply[3]) == port, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("epmd does not answer yet.");
    }

    private static async Task<bool> Probe(int port, byte[] request, Func<byte[], bool> acceptable, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token);
            var reply = new byte[8];
            var read = await stream.ReadAtLeastAsync(reply, 4, throwOnEndOfStream: false, timeout.Token);
            return read >= 1 && acceptable(reply[..read]);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// The per-run folder for broker configuration, logs and (for non-persistent runs) data. Deleted when the
/// app host has stopped and the orchestrator has stopped its processes; folders left by an app host that
/// was killed are deleted by the next run.
/// </summary>
internal sealed class ScratchDirectory
{
    private const string OwnerFile = "owner.pid";

    private ScratchDirectory(string root, string runId)
    {
        RunId = runId;
        Path = System.IO.Path.Combine(root, runId);
        Directory.CreateDirectory(Path);
        File.WriteAllText(Combine(OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public string RunId { get; }

    public string Path { get; }

    public static ScratchDirectory Create(string root)
    {
        DeleteAbandoned(root);
        return new ScratchDirectory(root, Guid.NewGuid().ToString("N")[..12]);
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public string WriteFile(string name, string content)
    {
        var path = Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Delete()
    {
        for (var attempt = 0; attempt < 10 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200); // a process may still be closing its log
            }
        }
    }

    private static void DeleteAbandoned(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var directory in Directory.GetDirectories(root))
        {
            var owner = System.IO.Path.Combine(directory, OwnerFile);
            var ownerAlive = File.Exists(owner)
                && int.TryParse(File.ReadAllText(owner), out var pid)
                && Directory.Exists($"/proc/{pid}");
            var justCreated = !File.Exists(owner) && Directory.GetCreationTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-5);
            if (ownerAlive || justCreated)
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: the next run tries again.
            }
        }
    }
}
