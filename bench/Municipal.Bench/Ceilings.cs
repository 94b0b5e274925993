using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;

namespace Municipal.Bench;

/// <summary>
/// The read ceiling: a minimal ASP.NET Core endpoint, in a process of its own with the services' GC setting, that
/// answers the same bytes from memory. Started as <c>Municipal.Bench --serve-ceiling &lt;port&gt; &lt;body file&gt; &lt;content type&gt;</c>.
/// </summary>
internal static class CeilingServer
{
    public const string Marker = "--serve-ceiling";

    public static async Task<int> ServeAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var body = await File.ReadAllBytesAsync(args[2]);
        var contentType = args[3];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/{**path}", (HttpContext context) =>
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The ceiling, answering <paramref name="body"/>; it runs with the Communities service's GC setting.</summary>
    public static async Task<YardstickProcess> StartAsync(byte[] body, string contentType)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, body);
        return await YardstickProcess.StartAsync(Marker, YardstickProcess.GcServerOf("Communities", "Municipal.Communities"), "/",
            [file, contentType], file);
    }
}

/// <summary>
/// The submission ceiling: the rows one submission writes (the request, its first history entry, its outbox row),
/// cloned from a real submission and committed by a plain loop, one transaction each, on a copy of the Requests
/// database with the service's settings (WAL journal, default synchronous, BEGIN IMMEDIATE as EF does on SQLite).
/// </summary>
internal static class SqliteCeiling
{
    public sealed record Result(int Commits, TimeSpan Elapsed, double CpuMsPerCommit)
    {
        public double PerSecond => Commits / Elapsed.TotalSeconds;
    }

    private static readonly (string Table, string Where, string[] Fresh)[] Rows =
    [
        ("Requests", "Id = $id", ["Id", "Number"]),
        ("RequestHistory", "RequestId = $id", ["Id", "RequestId"]),
        ("OutboxMessages", "MessageType LIKE '%RequestSubmitted' AND Payload LIKE '%' || lower($id) || '%'", ["Id"]),
    ];

    public static async Task<Result> RunAsync(string requestsDatabase, TimeSpan duration)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"municipal-bench-ceiling-{Guid.NewGuid():N}.db");
        await using (var source = new SqliteConnection($"Data Source={requestsDatabase}"))
        {
            await source.OpenAsync();
            await Execute(source, $"VACUUM INTO '{copy}'");
        }

        try
        {
            await using var db = new SqliteConnection($"Data Source={copy};Pooling=false");
            await db.OpenAsync();
            await Execute(db, "PRAGMA journal_mode=WAL;");
            var id = (string)(await Scalar(db, "SELECT Id FROM Requests ORDER BY SubmittedAt DESC LIMIT 1"))!;
            var templates = new List<(string Table, Dictionary<string, object?> Values, string[] Fresh)>();
            foreach (var (table, where, fresh) in Rows)
            {
                await using var read = db.CreateCommand();
                read.CommandText = $"SELECT * FROM {table} WHERE {where} LIMIT 1";
                read.Parameters.AddWithValue("$id", id);
                await using var reader = await read.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    throw new InvalidOperationException($"No {table} row of a submission to copy.");
                }

                templates.Add((table, Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)), fresh));
            }

            var inserts = templates.Select(t =>
            {
                var command = db.CreateCommand();
                command.CommandText = $"INSERT INTO {t.Table} ({string.Join(", ", t.Values.Keys.Select(k => $"\"{k}\""))}) VALUES ({string.Join(", ", t.Values.Keys.Select(k => "$" + k))})";
                foreach (var (column, value) in t.Values)
                {
                    command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
                }

                return (Command: command, t.Fresh, Template: t.Values);
            }).ToList();

            var cpuBefore = Cpu.Snapshot()[Cpu.Load];
            var clock = Stopwatch.StartNew();
            var commits = 0;
            while (clock.Elapsed < duration)
            {
                var requestId = Guid.NewGuid().ToString().ToUpperInvariant();
                await using var transaction = db.BeginTransaction(deferred: false);
                foreach (var (command, fresh, template) in inserts)
                {
                    command.Transaction = transaction;
                    foreach (var column in fresh)
                    {
                        command.Parameters["$" + column].Value = column switch
                        {
                            "RequestId" => requestId,
                            "Id" when template["Id"] is long => (object)(commits + 10_000_000L),
                            "Id" when command.CommandText.StartsWith("INSERT INTO Requests ", StringComparison.Ordinal) => requestId,
                            "Id" => Guid.NewGuid().ToString().ToUpperInvariant(),
                            "Number" => $"B-{commits:D9}",
                            _ => throw new InvalidOperationException(column),
                        };
                    }

                    await command.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
                commits++;
            }

            var elapsed = clock.Elapsed;
            var cpu = Cpu.Snapshot()[Cpu.Load] - cpuBefore;
            return new Result(commits, elapsed, cpu * 1000 / commits);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>A message of the broker ceiling.</summary>
public sealed record CeilingPing(int N, DateTimeOffset SentAt);

/// <summary>
/// The event ceiling: a bare MassTransit bus on the system's broker, publishing with confirms (many in flight) to a
/// consumer in the same process that does nothing else; events per second from the first publish to the last consume.
/// </summary>
internal static class BrokerCeiling
{
    public sealed record Result(int Events, TimeSpan Elapsed)
    {
        public double PerSecond => Events / Elapsed.TotalSeconds;
    }

    private sealed class Counter
    {
        private int _count;
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Expected { get; set; }

        public void Add()
        {
            if (Interlocked.Increment(ref _count) == Expected)
            {
                Done.TrySetResult();
            }
        }
    }

    private sealed class PingConsumer(Counter counter) : IConsumer<CeilingPing>
    {
        public Task Consume(ConsumeContext<CeilingPing> context)
        {
            counter.Add();
            return Task.CompletedTask;
        }
    }

    public static async Task<Result> RunAsync(string amqp, int events, int inFlight = 100)
    {
        var counter = new Counter { Expected = events };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(counter);
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<PingConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(amqp));
                rabbit.ReceiveEndpoint($"bench-ceiling-{Guid.NewGuid():N}", endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.Durable = false;
                    endpoint.ConfigureConsumer<PingConsumer>(context);
                });
            });
        });
        await using var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        await control.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        try
        {
            // Warm up (JIT, exchanges) before the clock starts.
            await control.Publish(new CeilingPing(-1, DateTimeOffset.UtcNow));
            await Task.Delay(TimeSpan.FromSeconds(1));
            var clock = Stopwatch.StartNew();
            using var window = new SemaphoreSlim(inFlight);
            var publishes = Enumerable.Range(0, events).Select(async n =>
            {
                await window.WaitAsync();
                try
                {
                    await control.Publish(new CeilingPing(n, DateTimeOffset.UtcNow));
                }
                finally
                {
                    window.Release();
                }
            }).ToList();
            await Task.WhenAll(publishes);
            await counter.Done.Task.WaitAsync(TimeSpan.FromMinutes(2));
            return new Result(events, clock.Elapsed);
        }
        finally
        {
            await control.StopAsync();
        }
    }
}
