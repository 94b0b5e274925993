using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Outbox;

namespace Municipal.Messaging.Tests;

public sealed class OutboxTests : IAsyncLifetime
{
    private ServiceHost _service = null!;

    public async Task InitializeAsync() =>
        _service = await ServiceHost.StartAsync("requests", TempDatabase.NewPath(), broker: null, start: false);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_event_is_stored_in_the_same_save_as_the_change_that_raised_it()
    {
        await _service.InDatabaseAsync(async db =>
        {
            db.Widgets.Add(new Widget { Name = "drain" });
            db.EnqueueEvent(Events.Submitted(1));
            return await db.SaveChangesAsync();
        });

        var (widgets, events) = await _service.InDatabaseAsync(async db =>
            (await db.Widgets.CountAsync(), await db.OutboxMessages.ToListAsync()));
        Assert.Equal(1, widgets);
        var stored = Assert.Single(events);
        Assert.Equal("Municipal.Contracts.RequestSubmitted", stored.MessageType);
        Assert.Contains("\"number\":\"R-00001\"", stored.Payload);
        Assert.Null(stored.SentAt);
    }

    [Fact]
    public async Task A_rolled_back_transaction_keeps_neither_the_change_nor_its_event()
    {
        await _service.InDatabaseAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Name = "road" });
            db.EnqueueEvent(Events.Submitted(2));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal(0, await _service.InDatabaseAsync(db => db.Widgets.CountAsync()));
        Assert.Equal(0, await _service.InDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_change_that_fails_to_save_leaves_no_event_behind()
    {
        await _service.InDatabaseAsync(async db =>
        {
            db.Widgets.Add(new Widget { Name = "tree" });
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => _service.InDatabaseAsync(async db =>
        {
            db.Widgets.Add(new Widget { Name = "tree" }); // unique name taken
            db.EnqueueEvent(Events.Submitted(3));
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(0, await _service.InDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public void Only_message_contracts_can_be_stored_as_events()
    {
        Assert.Throws<ArgumentException>(() => _service.InDatabaseAsync(db =>
        {
            db.EnqueueEvent(new { Anything = 1 });
            return Task.FromResult(0);
        }).GetAwaiter().GetResult());
    }
}
