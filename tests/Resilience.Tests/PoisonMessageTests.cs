using MassTransit;
using Municipal.Testing;
using Municipal.Contracts;
using RabbitMQ.Client;
using System.Text;
using System.Text.RegularExpressions;

namespace Municipal.Resilience.Tests;

public sealed partial class FaultTests
{
    /// <summary>
    /// The poison: a <see cref="RegistrationConfirmed"/> naming a person the registry never announced. Notifications'
    /// consumer throws on it every time (it waits for the registry's event, which never comes), exactly as it would
    /// for an event from a producer with a bug. It is published the way any service publishes, through a
    /// MassTransit bus on the same broker; nothing in the services knows about this test.
    /// </summary>
    private static async Task PublishPoisonAsync(Uri broker, Guid messageId)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token);
        try
        {
            await bus.Publish(new RegistrationConfirmed
            {
                RegistrationId = Guid.NewGuid(),
                PersonId = Guid.NewGuid(),
                Code = "POISON22",
                Session = new SessionSnapshot
                {
                    SessionId = Guid.NewGuid(),
                    ProgrammeId = Guid.NewGuid(),
                    Number = 1,
                    Title = "ไม่มีผู้นี้ในทะเบียน (poison)",
                    StartsAt = DateTimeOffset.UtcNow.AddDays(30),
                    EndsAt = DateTimeOffset.UtcNow.AddDays(30).AddHours(1),
                    VenueName = "ห้องประชุมชากังราว 1",
                    Sequence = 0,
                    Status = "scheduled",
                },
                OccurredAt = DateTimeOffset.UtcNow,
            }, context => context.MessageId = messageId, timeout.Token);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>What the <c>notifications_error</c> queue holds (nothing while it does not exist yet): each message's id and the fault MassTransit recorded on it.</summary>
    private static async Task<List<(string? MessageId, string? ExceptionType, string? Reason)>> ErrorQueueAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "resilience-tests-error-queue" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        QueueDeclareOk declared;
        try
        {
            declared = await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // MassTransit declares the error queue when it first moves a message there: until the poison's retries
            // are spent (they run beside the neighbours), there is no queue yet, which means "nothing parked yet".
            return [];
        }

        var messages = new List<(string?, string?, string?)>();
        for (var i = 0; i < declared.MessageCount; i++)
        {
            var message = await channel.BasicGetAsync(queue, autoAck: false);
            if (message is null)
            {
                break;
            }

            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            messages.Add((message.BasicProperties.MessageId, Header(headers, "MT-Fault-ExceptionType"), Header(headers, "MT-Reason")));
        }

        // Leave them where an operator would find them (the channel closes without acknowledging).
        return messages;
    }

    private static string? Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_and_is_logged_as_an_error_while_the_messages_around_it_are_processed()
    {
        // Second-level redelivery in seconds rather than minutes and hours, so the poison is parked within the test.
        await using var system = await FaultySystem.StartAsync(
            "Settings:notifications:Messaging:Redelivery:Delays:0=00:00:02", "Settings:notifications:Messaging:Redelivery:Delays:1=00:00:04");
        var community = await system.CommunityAsync();
        var broker = await system.BrokerAsync();
        var subjects = Enumerable.Range(0, 4).Select(i => $"poison-neighbour-{i}").ToArray();
        using var stopWatching = new CancellationTokenSource();
        var logs = system.WatchLogs("notifications", stopWatching.Token);

        // Before the poison, the poison, and after it: the same queue, the same consumer process.
        // One at a time: the neighbours are there to be processed around the poison, not to load the machine.
        var before = new List<(int Status, Guid? Id)>();
        for (var i = 0; i < 15; i++)
        {
            before.Add(await system.SubmitAsync(community, subjects[i % subjects.Length], $"before-poison {i}"));
        }

        var poison = Guid.NewGuid();
        await PublishPoisonAsync(broker, poison);
        var after = new List<(int Status, Guid? Id)>();
        for (var i = 0; i < 15; i++)
        {
            after.Add(await system.SubmitAsync(community, subjects[i % subjects.Length], $"after-poison {i}"));
        }

        var around = before.Concat(after).ToList();
        Assert.All(around, r => Assert.Equal(201, r.Status));
        await AssertEachNotifiedExactlyOnceAsync(system, subjects, around.Select(r => r.Id!.Value).ToList());

        // Parked, not lost and not retried for ever: after its redeliveries, the one message in notifications' error queue
        // is the poison, with the consumer's exception recorded on it.
        var parked = await Eventually.GetAsync(async () =>
        {
            var messages = await ErrorQueueAsync(broker, "notifications_error");
            return messages.Count > 0 ? messages : null;
        }, Recovery, "the poison in notifications_error");
        var only = Assert.Single(parked);
        Assert.Equal(poison.ToString(), only.MessageId);
        Assert.Equal("fault", only.Reason);
        Assert.Equal("Municipal.Notifications.Application.RecipientNotKnownYetException", only.ExceptionType);

        // Reported: the service logs the fault at error level with the message id (the dashboard's console and
        // structured logs), so an operator can find the parked message by its id.
        await Eventually.TrueAsync(() => Task.FromResult(ErrorLogged(logs, poison)), TimeSpan.FromSeconds(30),
            $"an error-level R-FAULT log line naming the poison among {logs.Count} lines: " +
            string.Join(" | ", logs.Where(l => l.Contains("FAULT", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)).Take(10)));
        Assert.False(logs.Any(l => l.Contains("R-FAULT", StringComparison.Ordinal) && !l.Contains(poison.ToString(), StringComparison.Ordinal)),
            "a fault was logged for a message other than the poison");
        await stopWatching.CancelAsync();
    }

    /// <summary>The console logger writes "fail: Category[id]" (in colour) and then the message on the next line.</summary>
    private static bool ErrorLogged(IEnumerable<string> logs, Guid messageId)
    {
        string? previous = null;
        foreach (var line in logs.Select(l => AnsiColour().Replace(l, "")))
        {
            if (line.Contains("R-FAULT", StringComparison.Ordinal) && line.Contains(messageId.ToString(), StringComparison.Ordinal)
                && (line.Contains("fail:", StringComparison.Ordinal) || previous?.Contains("fail:", StringComparison.Ordinal) == true))
            {
                return true;
            }

            previous = line;
        }

        return false;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiColour();
}
