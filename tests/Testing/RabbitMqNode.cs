using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Municipal.Testing;

/// <summary>
/// A private RabbitMQ node for tests that need a real broker: Debian's rabbitmq-server as a child
/// process, with its own epmd, ports and data folder, all on 127.0.0.1. It can be stopped and started
/// again on the same port and data, to test what happens while the broker is down.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    public const string ServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string EpmdPath = "/usr/bin/epmd";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "municipal-test-rabbit", Guid.NewGuid().ToString("N")[..12]);
    private readonly int _epmdPort = FreePort();
    private readonly int _distPort = FreePort();
    private Process? _epmd;
    private Process? _server;

    public int Port { get; } = FreePort();

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}");

    public static bool IsInstalled => File.Exists(ServerPath) && File.Exists(EpmdPath);

    public static async Task<RabbitMqNode> StartNewAsync()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("These tests need RabbitMQ: sudo apt-get install -y rabbitmq-server");
        }

        var node = new RabbitMqNode();
        Directory.CreateDirectory(node._root);
        File.WriteAllText(Path.Combine(node._root, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(node._root, "rabbitmq-env.conf"), "");
        File.WriteAllText(Path.Combine(node._root, "rabbitmq.conf"), "");
        node._epmd = Start(EpmdPath, ["-address", "127.0.0.1", "-port", node._epmdPort.ToString()], node._root, new());
        await node.StartAsync();
        return node;
    }

    /// <summary>Starts the broker (again) and waits until it answers AMQP.</summary>
    public async Task StartAsync()
    {
        _server = Start(ServerPath, [], _root, new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"test-{Path.GetFileName(_root)}@localhost",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_root, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_root, "rabbitmq-env.conf"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        });

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await AnswersAmqpAsync())
        {
            if (_server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"RabbitMQ did not start (exit: {(_server.HasExited ? _server.ExitCode : "still running")}).");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops the broker as an operator would (SIGTERM) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_server is { HasExited: false })
        {
            Signal(_server, "TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _server.WaitForExitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _server?.Kill(entireProcessTree: true);
        }

        if (_epmd is { HasExited: false })
        {
            _epmd.Kill(entireProcessTree: true);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> AnswersAmqpAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\x09\x01"u8.ToArray(), timeout.Token);
            var reply = new byte[1];
            return await stream.ReadAsync(reply, timeout.Token) == 1 && reply[0] == 1;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static Process Start(string path, string[] args, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
