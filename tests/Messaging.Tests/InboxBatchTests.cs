using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Testing;
using System.Diagnostics;

namespace Municipal.Messaging.Tests;

/// <summary>
/// Group commit in the inbox: messages that arrive while the database is busy are handled in one transaction, and
/// each keeps what it had alone (one effect, its own failure, its own trace). The database is kept busy by holding
/// SQLite's write gate with a transaction of the test's own.
/// </summary>
public sealed class InboxBatchTests : IAsyncLifetime
{
    private const string TestSourceName = "Municipal.Messaging.Tests.Batch";
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private ServiceHost _service = null!;
    private ActivityListener _listener = null!;

    private ITestHarness Harness => _service.Host.Services.GetRequiredService<ITestHarness>();

    private InboxBatcher<WidgetsDbContext> Batcher => _service.Host.Services.GetRequiredService<InboxBatcher<WidgetsDbContext>>();

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TestSourceName || source.Name.StartsWith("MassTransit", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        _service = await ServiceHost.StartAsync("notifications", TempDatabase.NewPath(), broker: null,
            consumers: bus =>
            {
                bus.AddConsumer<RecordingConsumer>();
                bus.AddConsumer<SubjectErasingConsumer>();
            },
            services: s => s.AddMassTransitTestHarness(bus => bus.UsingInMemory((context, memory) =>
                memory.ReceiveEndpoint("notifications", endpoint => MessagingExtensions.ConfigureEndpoint(endpoint, context)))));
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Messages_that_arrive_while_the_database_is_busy_are_committed_together()
    {
        var commitsBefore = Batcher.Commits;
        var received = Batcher.Received;
        await WhileTheDatabaseIsBusyAsync(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await Harness.Bus.Publish(Events.Submitted(100 + i));
            }

            // The first batch waits for the database; whatever arrives meanwhile waits for the next one.
            await Eventually.TrueAsync(() => Task.FromResult(Batcher.Received - received == 20), what: "all 20 handed to the inbox");
        });

        await Eventually.TrueAsync(async () => await _service.InDatabaseAsync(db => db.Widgets.CountAsync()) == 20, what: "20 effects");
        Assert.Equal(20, await _service.InDatabaseAsync(db => db.InboxMessages.CountAsync()));
        // One transaction for the first arrival(s), one for the rest; on a busy machine all 20 may even be waiting before
        // the first batch starts. One transaction each would be 20.
        Assert.InRange(Batcher.Commits - commitsBefore, 1, 2);
    }

    [Fact]
    public async Task A_failing_message_in_a_batch_fails_alone_and_the_others_commit()
    {
        var received = Batcher.Received;
        await WhileTheDatabaseIsBusyAsync(async () =>
        {
            await Harness.Bus.Publish(Events.Submitted(200)); // the one in the busy batch
            for (var i = 1; i <= 10; i++)
            {
                await Harness.Bus.Publish(Events.Submitted(200 + i, i == 5 ? RecordingConsumer.PoisonTitle : "test"));
            }

            await Eventually.TrueAsync(() => Task.FromResult(Batcher.Received - received == 11), what: "all 11 handed to the inbox");
        });

        Assert.True(await Harness.Published.Any<Fault<RequestSubmitted>>(f => f.Context.Message.Message.Title == RecordingConsumer.PoisonTitle),
            "the poison message faults after its retries");
        await Eventually.TrueAsync(async () => await _service.InDatabaseAsync(db => db.Widgets.CountAsync()) == 10, what: "the 10 good effects");
        var numbers = await _service.InDatabaseAsync(db => db.Widgets.Select(w => w.Name.Substring(0, 7)).ToListAsync());
        Assert.DoesNotContain("R-00205", numbers);
        Assert.Equal(10, await _service.InDatabaseAsync(db => db.InboxMessages.CountAsync()));
        var goodOnesThatFailed = Harness.GetConsumerHarness<RecordingConsumer>().Consumed.Select<RequestSubmitted>()
            .Count(c => c.Exception is not null && c.Context.Message.Title != RecordingConsumer.PoisonTitle);
        Assert.Equal(0, goodOnesThatFailed);
    }

    [Fact]
    public async Task A_message_delivered_twice_into_one_batch_has_one_effect()
    {
        var messageId = Guid.NewGuid();
        var received = Batcher.Received;
        await WhileTheDatabaseIsBusyAsync(async () =>
        {
            await Harness.Bus.Publish(Events.Submitted(300));
            var twice = Events.Submitted(301);
            await Harness.Bus.Publish(twice, context => context.MessageId = messageId);
            await Harness.Bus.Publish(twice, context => context.MessageId = messageId);
            await Eventually.TrueAsync(() => Task.FromResult(Batcher.Received - received == 3), what: "all 3 handed to the inbox");
        });

        await Eventually.TrueAsync(async () => await _service.InDatabaseAsync(db => db.Widgets.CountAsync()) == 2, what: "two effects");
        await Harness.InactivityTask;
        Assert.Equal(1, await _service.InDatabaseAsync(db => db.Widgets.CountAsync(w => w.Name.StartsWith("R-00301"))));
        Assert.Equal(1, await _service.InDatabaseAsync(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task Each_message_in_a_batch_is_handled_in_its_own_trace()
    {
        var traces = new List<string?>();
        var received = Batcher.Received;
        await WhileTheDatabaseIsBusyAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var origin = TestSource.StartActivity("a request that raised the event")!;
                traces.Add(origin.TraceId.ToString());
                await Harness.Bus.Publish(Events.Submitted(400 + i));
            }

            await Eventually.TrueAsync(() => Task.FromResult(Batcher.Received - received == 3), what: "all 3 handed to the inbox");
        });

        await Eventually.TrueAsync(async () => await _service.InDatabaseAsync(db => db.Widgets.CountAsync()) == 3, what: "three effects");
        var handledIn = await _service.InDatabaseAsync(db => db.Widgets.OrderBy(w => w.Name).Select(w => w.TraceId).ToListAsync());
        Assert.Equal(traces, handledIn);
    }

    [Fact]
    public async Task An_erasure_in_a_batch_is_acknowledged_only_once_its_values_left_the_write_ahead_log()
    {
        var name = $"erase-me-{Guid.NewGuid():N}";
        await _service.InDatabaseAsync(async db =>
        {
            db.Widgets.Add(new Widget { Name = name });
            return await db.SaveChangesAsync();
        });
        Assert.True(FilesHold(name), "the new widget is in the database files before the erasure");

        var received = Batcher.Received;
        await WhileTheDatabaseIsBusyAsync(async () =>
        {
            await Harness.Bus.Publish(Events.Submitted(500));
            await Harness.Bus.Publish(new PersonErased { PersonId = Guid.NewGuid(), Subject = name, OccurredAt = DateTimeOffset.UtcNow });
            await Harness.Bus.Publish(Events.Submitted(501));
            await Eventually.TrueAsync(() => Task.FromResult(Batcher.Received - received == 3), what: "all 3 handed to the inbox");
        });

        // Consumed is recorded once Consume returned, that is once the message is acknowledged.
        Assert.True(await Harness.GetConsumerHarness<SubjectErasingConsumer>().Consumed.Any<PersonErased>(c => c.Context.Message.Subject == name));
        Assert.Equal(0, await _service.InDatabaseAsync(db => db.Widgets.CountAsync(w => w.Name == name)));
        Assert.Equal(0, new FileInfo(_service.DatabasePath + "-wal").Length);
        Assert.False(FilesHold(name), "the erased name is still in the database files");
    }

    /// <summary>Whether the database file or its write-ahead log hold the text (UTF-8).</summary>
    private bool FilesHold(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new[] { _service.DatabasePath, _service.DatabasePath + "-wal" }
            .Where(File.Exists)
            .Any(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray().AsSpan().IndexOf(bytes) >= 0;
            });
    }

    /// <summary>Holds the write gate (a transaction of the test's own) while <paramref name="during"/> runs.</summary>
    private async Task WhileTheDatabaseIsBusyAsync(Func<Task> during)
    {
        await using var scope = _service.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await during();
            await transaction.CommitAsync();
        }
    }
}
