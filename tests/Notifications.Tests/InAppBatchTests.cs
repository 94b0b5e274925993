using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Municipal.Notifications.Infrastructure;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using System.Data.Common;

namespace Municipal.Notifications.Tests;

/// <summary>Counts the transactions the service commits.</summary>
public sealed class CommitCounter : DbTransactionInterceptor
{
    private int _commits;

    public int Commits => _commits;

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }
}

/// <summary>The dispatcher runs only when the test calls it, and every commit is counted.</summary>
public sealed class CountedDispatchFactory : NotificationsFactory
{
    public CountedDispatchFactory()
    {
        var configure = ConfigureServices;
        ConfigureServices = services =>
        {
            configure?.Invoke(services);
            services.ConfigureDbContext<NotificationsDbContext>((_, db) => db.AddInterceptors(Commits), ServiceLifetime.Singleton);
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationFactory?.Method.ReturnType == typeof(DeliveryDispatcher)));
        };
    }

    public CommitCounter Commits { get; } = new();
}

public sealed class InAppBatchTests(CountedDispatchFactory factory) : IClassFixture<CountedDispatchFactory>
{
    [Fact]
    public async Task The_in_app_entries_of_a_batch_are_written_in_one_transaction_each_once()
    {
        var subjects = Enumerable.Range(0, 5).Select(i => $"batch-{Guid.NewGuid():N}-{i}").ToList();
        foreach (var subject in subjects)
        {
            await factory.PublishAsync(Events.Submitted(subject)); // the submitter's entry and the division's
        }

        var before = factory.Commits.Commits;
        var handled = await factory.Dispatcher.DispatchDueAsync(CancellationToken.None);

        Assert.True(handled >= 10, $"handled {handled}");
        Assert.Equal(1, factory.Commits.Commits - before); // was one transaction per delivery
        foreach (var subject in subjects)
        {
            Assert.Single(await factory.InboxAsync(subject));
        }

        Assert.Equal(0, await factory.Dispatcher.DispatchDueAsync(CancellationToken.None)); // nothing left, nothing again
        foreach (var subject in subjects)
        {
            Assert.Single(await factory.InboxAsync(subject));
        }
    }
}
